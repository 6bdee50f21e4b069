//===- GpuCheckTarget.cpp - validate mod-gpu-pipeline's target options ----===//
//
// Bad target options otherwise surface deep inside LLVM's NVPTX backend or as
// a ptxas failure; this pass reports them up front, naming the option and
// what to change.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/GPU/GpuTarget.h"
#include "mod/Codegen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVM/NVVM/Utils.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Triple.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODGPUCHECKTARGET
#include "mod/Codegen/GPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

std::string mlir::mod::findCudaToolkit(StringRef requested) {
  auto hasPtxas = [](StringRef dir) {
    SmallString<256> p(dir);
    llvm::sys::path::append(p, "bin", "ptxas");
    return !dir.empty() && llvm::sys::fs::can_execute(p);
  };
  if (!requested.empty())
    return hasPtxas(requested) ? requested.str() : std::string();
  // Upstream's lookup ($CUDA_ROOT, $CUDA_HOME, $CUDA_PATH, else the path
  // MLIR was configured with), then ptxas on $PATH, then /usr/local/cuda.
  if (StringRef dir = NVVM::getCUDAToolkitPath(); hasPtxas(dir))
    return dir.str();
  if (llvm::ErrorOr<std::string> ptxas = llvm::sys::findProgramByName("ptxas")) {
    // <toolkit>/bin/ptxas -> <toolkit>
    StringRef bin = llvm::sys::path::parent_path(*ptxas);
    return llvm::sys::path::parent_path(bin).str();
  }
  if (hasPtxas("/usr/local/cuda"))
    return "/usr/local/cuda";
  return "";
}

/// The PTX ISA version a chip needs at least (PTX ISA manual, "Release
/// notes"); 0 when unknown to this table.
static unsigned minPtxVersion(StringRef chip) {
  return llvm::StringSwitch<unsigned>(chip)
      .Cases({"sm_50", "sm_52", "sm_53"}, 40)
      .Cases({"sm_60", "sm_61", "sm_62"}, 50)
      .Case("sm_70", 60)
      .Case("sm_72", 61)
      .Case("sm_75", 63)
      .Case("sm_80", 70)
      .Case("sm_86", 71)
      .Case("sm_87", 74)
      .Cases({"sm_89", "sm_90"}, 78)
      .Case("sm_90a", 80)
      .Cases({"sm_100", "sm_100a", "sm_101", "sm_101a"}, 86)
      .Cases({"sm_120", "sm_120a"}, 87)
      .Default(0);
}

LogicalResult mlir::mod::checkGpuTarget(Operation *anchor, StringRef chip,
                                        StringRef features, StringRef format,
                                        StringRef toolkit) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargetMCs();
  llvm::Triple triple("nvptx64-nvidia-cuda");
  std::string err;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return anchor->emitError("mod-gpu-pipeline: this LLVM has no NVPTX "
                             "backend: ")
           << err;
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!chip.starts_with("sm_") || !sti || !sti->isCPUStringValid(chip))
    return anchor->emitError("mod-gpu-pipeline: unsupported chip '")
           << chip
           << "': expected an NVIDIA target such as sm_80, sm_90 or sm_90a "
              "(option chip=)";

  // Features: comma-separated +name / -name, one of them +ptxNN.
  unsigned ptx = 0;
  SmallVector<StringRef> parts;
  features.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef f : parts) {
    f = f.trim();
    if (f.size() < 2 || (f[0] != '+' && f[0] != '-'))
      return anchor->emitError("mod-gpu-pipeline: malformed PTX feature '")
             << f << "' in features='" << features
             << "': expected +ptxNN (e.g. +ptx80)";
    if (f.starts_with("+ptx") && f.drop_front(4).getAsInteger(10, ptx))
      return anchor->emitError("mod-gpu-pipeline: malformed PTX version '")
             << f << "': expected +ptxNN (e.g. +ptx80)";
  }
  unsigned need = minPtxVersion(chip);
  if (ptx && need && ptx < need)
    return anchor->emitError("mod-gpu-pipeline: chip ")
           << chip << " needs PTX ISA " << need / 10 << "." << need % 10
           << " or newer, but features='" << features << "' asks for "
           << ptx / 10 << "." << ptx % 10 << " (use +ptx" << need
           << " or later)";

  if (format != "isa" && format != "bin" && format != "fatbin")
    return anchor->emitError("mod-gpu-pipeline: unknown format '")
           << format << "': expected isa (PTX, JIT-compiled by the driver), "
              "bin (cubin) or fatbin";
  if (format != "isa" && findCudaToolkit(toolkit).empty())
    return anchor->emitError("mod-gpu-pipeline: format=")
           << format << " needs the CUDA toolkit's ptxas, which was not found"
           << (toolkit.empty() ? std::string(" (searched $CUDA_ROOT, $CUDA_HOME, $CUDA_PATH, "
                                             "$PATH and /usr/local/cuda)")
                               : (" in toolkit='" + toolkit + "'/bin").str())
           << ": install the CUDA toolkit, put its bin/ on PATH or pass "
              "toolkit=<dir>; format=isa needs no ptxas";
  return success();
}

/// Static shared memory of a kernel in bytes.
static int64_t workgroupBytes(ArrayRef<BlockArgument> attributions) {
  int64_t bytes = 0;
  for (BlockArgument arg : attributions) {
    auto type = cast<MemRefType>(arg.getType());
    int64_t bits = type.getElementTypeBitWidth();
    bytes += type.getNumElements() * llvm::divideCeil(bits, 8);
  }
  return bytes;
}

namespace {
struct ModGpuCheckTargetPass
    : public mod::impl::ModGpuCheckTargetBase<ModGpuCheckTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(mod::checkGpuTarget(getOperation(), chip, features, format,
                                   toolkit)))
      return signalPassFailure();
    if (!checkSharedMemory)
      return;
    // Without the opt-in attribute a block gets at most 48 KiB of static
    // shared memory on every chip from sm_50 on.
    constexpr int64_t kLimit = 48 * 1024;
    bool ok = true;
    getOperation().walk([&](Operation *op) {
      int64_t bytes = 0;
      if (auto launch = dyn_cast<gpu::LaunchOp>(op))
        bytes = workgroupBytes(launch.getWorkgroupAttributions());
      else if (auto func = dyn_cast<gpu::GPUFuncOp>(op))
        bytes = workgroupBytes(func.getWorkgroupAttributions());
      else
        return;
      if (bytes > kLimit) {
        op->emitError("mod-gpu-pipeline: kernel needs ")
            << bytes << " bytes of static shared memory, more than the "
            << kLimit << " bytes a thread block gets on " << chip
            << "; reduce the workgroup buffers";
        ok = false;
      }
    });
    if (!ok)
      signalPassFailure();
  }
};
} // namespace
