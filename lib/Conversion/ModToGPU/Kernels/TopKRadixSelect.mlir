// Per-row top-k on NVIDIA GPUs: the kernel behind `mod.topk` in
// mod-gpu-pipeline (pass convert-mod-topk-to-gpu). It is written in MLIR and
// embedded into the pass at build time; the pass clones it into the module
// being compiled and calls it with the row-major [R, S] score matrix.
//
// Semantics (docs/Semantics.md section 1): in every row select the k largest
// scores, ties towards the lower position, NaN below every number; write the
// chosen positions in ascending order and their scores.
//
// Algorithm: one thread block of 512 threads per row.
//  1. Scores become order-preserving unsigned 32-bit keys (larger float =>
//     larger key; -0.0 and +0.0 share a key, as they compare equal; every
//     NaN => 0, below the key of -inf).
//  2. Radix select of the k-th largest key T, 8 bits per pass from the most
//     significant digit (4 passes): a 256-bin histogram in shared memory of
//     the keys that match the digits chosen so far, then one thread finds
//     the bin holding the k-th key. After the passes, `rem` is how many keys
//     equal to T are taken (the lowest positions among them).
//  3. Ordered compaction: the row is scanned in chunks of 512 positions; a
//     block-wide prefix sum of packed (key > T, key == T) flags gives every
//     selected position its output slot:
//       slot = #(key > T before it) + min(#(key == T before it), rem),
//     so the output is already in position order: no sort.
// Rows of any length run in one block (the row is streamed from global
// memory / L2 five times); rows are independent blocks.
func.func private @__mod_gpu_topk_f32(%scores: memref<?x?xf32>,
                                      %values: memref<?x?xf32>,
                                      %indices: memref<?x?xi64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %rows = memref.dim %scores, %c0 : memref<?x?xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %rows, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%ntx = %c512, %nty = %c1, %ntz = %c1)
             workgroup(%hist : memref<256xi32, #gpu.address_space<workgroup>>,
                       %scan : memref<512xi32, #gpu.address_space<workgroup>>,
                       %state : memref<2xi32, #gpu.address_space<workgroup>>) {
    %i0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %i4 = arith.constant 4 : index
    %i9 = arith.constant 9 : index
    %i255 = arith.constant 255 : index
    %i256 = arith.constant 256 : index
    %z = arith.constant 0 : i32
    %one = arith.constant 1 : i32
    %ones = arith.constant -1 : i32
    %sign = arith.constant -2147483648 : i32
    %b8 = arith.constant 8 : i32
    %b16 = arith.constant 16 : i32
    %b24 = arith.constant 24 : i32
    %digit = arith.constant 255 : i32
    %low16 = arith.constant 65535 : i32
    %false = arith.constant false
    %seq = memref.dim %scores, %i1 : memref<?x?xf32>
    %k = memref.dim %indices, %i1 : memref<?x?xi64>
    %k32 = arith.index_cast %k : index to i32
    %isLow = arith.cmpi ult, %tx, %i256 : index
    %isFirst = arith.cmpi eq, %tx, %i0 : index

    // 2. Radix select, most significant digit first.
    %sel:3 = scf.for %p = %i0 to %i4 step %i1
        iter_args(%prefix = %z, %mask = %z, %rem = %k32) -> (i32, i32, i32) {
      %p32 = arith.index_cast %p : index to i32
      %p8 = arith.muli %p32, %b8 : i32
      %shift = arith.subi %b24, %p8 : i32
      scf.if %isLow {
        memref.store %z, %hist[%tx] : memref<256xi32, #gpu.address_space<workgroup>>
      }
      gpu.barrier
      scf.for %i = %tx to %seq step %ntx {
        %x = memref.load %scores[%bx, %i] : memref<?x?xf32>
        %bits = arith.bitcast %x : f32 to i32
        %negZero = arith.cmpi eq, %bits, %sign : i32
        %u = arith.select %negZero, %z, %bits : i32
        %neg = arith.cmpi slt, %u, %z : i32
        %flip = arith.xori %u, %ones : i32
        %set = arith.ori %u, %sign : i32
        %ord = arith.select %neg, %flip, %set : i32
        %nan = arith.cmpf uno, %x, %x : f32
        %key = arith.select %nan, %z, %ord : i32
        %masked = arith.andi %key, %mask : i32
        %match = arith.cmpi eq, %masked, %prefix : i32
        scf.if %match {
          %sh = arith.shrui %key, %shift : i32
          %d = arith.andi %sh, %digit : i32
          %di = arith.index_cast %d : i32 to index
          %old = memref.atomic_rmw addi %one, %hist[%di]
              : (i32, memref<256xi32, #gpu.address_space<workgroup>>) -> i32
        }
      }
      gpu.barrier
      scf.if %isFirst {
        // Bins from the largest digit down: the first whose running count
        // reaches `rem` holds the k-th key.
        %r:4 = scf.for %j = %i0 to %i256 step %i1
            iter_args(%above = %z, %found = %false, %bin = %z, %aboveBin = %z)
            -> (i32, i1, i32, i32) {
          %b = arith.subi %i255, %j : index
          %h = memref.load %hist[%b] : memref<256xi32, #gpu.address_space<workgroup>>
          %cum = arith.addi %above, %h : i32
          %reach = arith.cmpi uge, %cum, %rem : i32
          %notFound = arith.cmpi eq, %found, %false : i1
          %now = arith.andi %reach, %notFound : i1
          %found2 = arith.ori %found, %now : i1
          %b32 = arith.index_cast %b : index to i32
          %bin2 = arith.select %now, %b32, %bin : i32
          %aboveBin2 = arith.select %now, %above, %aboveBin : i32
          scf.yield %cum, %found2, %bin2, %aboveBin2 : i32, i1, i32, i32
        }
        %left = arith.subi %rem, %r#3 : i32
        memref.store %r#2, %state[%i0] : memref<2xi32, #gpu.address_space<workgroup>>
        memref.store %left, %state[%i1] : memref<2xi32, #gpu.address_space<workgroup>>
      }
      gpu.barrier
      %bin = memref.load %state[%i0] : memref<2xi32, #gpu.address_space<workgroup>>
      %rem2 = memref.load %state[%i1] : memref<2xi32, #gpu.address_space<workgroup>>
      %binBits = arith.shli %bin, %shift : i32
      %prefix2 = arith.ori %prefix, %binBits : i32
      %digitBits = arith.shli %digit, %shift : i32
      %mask2 = arith.ori %mask, %digitBits : i32
      scf.yield %prefix2, %mask2, %rem2 : i32, i32, i32
    }

    // 3. Ordered compaction, chunk by chunk.
    %last = arith.subi %ntx, %i1 : index
    %done:2 = scf.for %c = %i0 to %seq step %ntx
        iter_args(%gtBase = %z, %eqBase = %z) -> (i32, i32) {
      %i = arith.addi %c, %tx : index
      %valid = arith.cmpi ult, %i, %seq : index
      %xk:2 = scf.if %valid -> (f32, i32) {
        %x = memref.load %scores[%bx, %i] : memref<?x?xf32>
        %bits = arith.bitcast %x : f32 to i32
        %negZero = arith.cmpi eq, %bits, %sign : i32
        %u = arith.select %negZero, %z, %bits : i32
        %neg = arith.cmpi slt, %u, %z : i32
        %flip = arith.xori %u, %ones : i32
        %set = arith.ori %u, %sign : i32
        %ord = arith.select %neg, %flip, %set : i32
        %nan = arith.cmpf uno, %x, %x : f32
        %key = arith.select %nan, %z, %ord : i32
        scf.yield %x, %key : f32, i32
      } else {
        %fz = arith.constant 0.0 : f32
        scf.yield %fz, %z : f32, i32
      }
      %gtKey = arith.cmpi ugt, %xk#1, %sel#0 : i32
      %eqKey = arith.cmpi eq, %xk#1, %sel#0 : i32
      %gt = arith.andi %valid, %gtKey : i1
      %eq = arith.andi %valid, %eqKey : i1
      %gt32 = arith.extui %gt : i1 to i32
      %eq32 = arith.extui %eq : i1 to i32
      %gtHi = arith.shli %gt32, %b16 : i32
      %packed = arith.ori %gtHi, %eq32 : i32
      memref.store %packed, %scan[%tx] : memref<512xi32, #gpu.address_space<workgroup>>
      gpu.barrier
      // Inclusive Hillis-Steele scan over the 512 packed flags.
      scf.for %s = %i0 to %i9 step %i1 {
        %off = arith.shli %i1, %s : index
        %has = arith.cmpi uge, %tx, %off : index
        %v = scf.if %has -> (i32) {
          %src = arith.subi %tx, %off : index
          %w = memref.load %scan[%src] : memref<512xi32, #gpu.address_space<workgroup>>
          scf.yield %w : i32
        } else {
          scf.yield %z : i32
        }
        gpu.barrier
        %cur = memref.load %scan[%tx] : memref<512xi32, #gpu.address_space<workgroup>>
        %sum = arith.addi %cur, %v : i32
        memref.store %sum, %scan[%tx] : memref<512xi32, #gpu.address_space<workgroup>>
        gpu.barrier
      }
      %incl = memref.load %scan[%tx] : memref<512xi32, #gpu.address_space<workgroup>>
      %total = memref.load %scan[%last] : memref<512xi32, #gpu.address_space<workgroup>>
      %excl = arith.subi %incl, %packed : i32
      %gtExcl = arith.shrui %excl, %b16 : i32
      %eqExcl = arith.andi %excl, %low16 : i32
      %gtBefore = arith.addi %gtExcl, %gtBase : i32
      %eqBefore = arith.addi %eqExcl, %eqBase : i32
      %eqFits = arith.cmpi ult, %eqBefore, %sel#2 : i32
      %eqSel = arith.andi %eq, %eqFits : i1
      %chosen = arith.ori %gt, %eqSel : i1
      scf.if %chosen {
        %eqUsed = arith.minui %eqBefore, %sel#2 : i32
        %slot32 = arith.addi %gtBefore, %eqUsed : i32
        %slot = arith.index_cast %slot32 : i32 to index
        %pos = arith.index_cast %i : index to i64
        memref.store %pos, %indices[%bx, %slot] : memref<?x?xi64>
        memref.store %xk#0, %values[%bx, %slot] : memref<?x?xf32>
      }
      // Everyone has read `total` before the next chunk overwrites `scan`.
      gpu.barrier
      %gtTotal = arith.shrui %total, %b16 : i32
      %eqTotal = arith.andi %total, %low16 : i32
      %gtBase2 = arith.addi %gtBase, %gtTotal : i32
      %eqBase2 = arith.addi %eqBase, %eqTotal : i32
      scf.yield %gtBase2, %eqBase2 : i32, i32
    }
    gpu.terminator
  }
  return
}
