// Bad target options of mod-gpu-pipeline are reported before any code is
// generated, naming the option and what to use instead; exit code 1.
// RUN: not mod-opt %s --mod-gpu-pipeline="chip=sm_42" 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not mod-opt %s --mod-gpu-pipeline="chip=gfx90a" 2>&1 | FileCheck %s --check-prefix=CHIP2
// RUN: not mod-opt %s --mod-gpu-pipeline="chip=sm_90 features=+ptx70" 2>&1 | FileCheck %s --check-prefix=PTX
// RUN: not mod-opt %s --mod-gpu-pipeline="features=ptx80" 2>&1 | FileCheck %s --check-prefix=FEAT
// RUN: not mod-opt %s --mod-gpu-pipeline="format=elf" 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not mod-opt %s --mod-gpu-pipeline="toolkit=%t.nonexistent format=bin" 2>&1 | FileCheck %s --check-prefix=PTXAS
// RUN: mod-opt %s --mod-gpu-check-target="chip=sm_90a features=+ptx80 format=isa" | FileCheck %s --check-prefix=OK
// RUN: not mod-opt %s --mod-gpu-check-target="chip=sm_80 format=isa check-shared-memory=true" 2>&1 | FileCheck %s --check-prefix=SMEM

// CHIP: error: mod-gpu-pipeline: unsupported chip 'sm_42': expected an NVIDIA target such as sm_80, sm_90 or sm_90a (option chip=)
// CHIP2: error: mod-gpu-pipeline: unsupported chip 'gfx90a'
// PTX: error: mod-gpu-pipeline: chip sm_90 needs PTX ISA 7.8 or newer, but features='+ptx70' asks for 7.0 (use +ptx78 or later)
// FEAT: error: mod-gpu-pipeline: malformed PTX feature 'ptx80' in features='ptx80': expected +ptxNN (e.g. +ptx80)
// FORMAT: error: mod-gpu-pipeline: unknown format 'elf': expected isa (PTX, JIT-compiled by the driver), bin (cubin) or fatbin
// PTXAS: error: mod-gpu-pipeline: format=bin needs the CUDA toolkit's ptxas, which was not found in toolkit='{{.*}}nonexistent'/bin: install the CUDA toolkit, put its bin/ on PATH or pass toolkit=<dir>; format=isa needs no ptxas
// OK: func.func @too_much_shared_memory
// SMEM: error: mod-gpu-pipeline: kernel needs 65536 bytes of static shared memory, more than the 49152 bytes a thread block gets on sm_80; reduce the workgroup buffers

func.func @too_much_shared_memory() {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %v = %c1, %w = %c1)
             workgroup(%buf : memref<16384xf32, #gpu.address_space<workgroup>>) {
    gpu.terminator
  }
  return
}
