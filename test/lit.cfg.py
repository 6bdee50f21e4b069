# -*- Python -*-
# lit configuration of the mod-mlir regression suite.

import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MOD"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mod_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.shlib_ext))
config.substitutions.append(("%mod_src_root", config.mod_src_root))
config.substitutions.append(("%mod_obj_root", config.mod_obj_root))
config.substitutions.append(("%mod_libs", config.mod_lib_dir))
config.substitutions.append(("%mlir_lib_dir", config.mlir_lib_dir))
config.substitutions.append(("%mod_plugin", os.path.join(config.mod_lib_dir, "ModPlugin" + config.shlib_ext)))
config.substitutions.append(("%cmake_generator", config.cmake_generator))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%c_compiler", config.c_compiler))
config.substitutions.append(("%mlir_dir", config.mlir_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP", "CCACHE_DIR",
                                     "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"])
llvm_config.use_default_substitutions()

# The tools under test come from our build; FileCheck, not, mlir-opt and
# mlir-runner from the LLVM installation we build against.
llvm_config.with_environment("PATH", config.mod_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

python = getattr(config, "python_executable", "") or shutil.which("python3")
config.substitutions.append(("%python", python))
llvm_config.with_environment("PYTHONPATH", os.path.join(config.mod_src_root, "python"), append_path=True)

tool_dirs = [config.mod_tools_dir, config.llvm_tools_dir]
tools = [
    "mod-opt",
    ToolSubst("mlir-opt", unresolved="fatal"),
    ToolSubst("mlir-runner", unresolved="ignore"),
    ToolSubst("mlir-translate", unresolved="ignore"),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# The install test runs `cmake --install` and builds a consumer: it needs the
# build tree configured (always true here) and can be skipped with
# MOD_SKIP_INSTALL_TEST=1 for quick local iterations.
if os.environ.get("MOD_SKIP_INSTALL_TEST") != "1":
    config.available_features.add("cmake-install")

# CPU execution: Debian's mlir-runner with the standard runner utils and our
# CPU runtime (mod-cpu-pipeline's GEMMs call mod_cpu_matmul unless
# portable=true / gemm=codegen); %mlir_runner_portable has only the runner
# utils, as a portable=true program needs.
runner_libs = ",".join(os.path.join(config.mlir_lib_dir, lib + config.shlib_ext)
                       for lib in ("libmlir_runner_utils", "libmlir_c_runner_utils"))
config.substitutions.append(
    ("%mlir_runner_portable",
     os.path.join(config.llvm_tools_dir, "mlir-runner")
     + " -e main -entry-point-result=void -shared-libs=" + runner_libs))
runner_libs += "," + os.path.join(config.mod_lib_dir, "libmod_cpu_runtime" + config.shlib_ext)
config.substitutions.append(
    ("%mlir_runner_cpu",
     os.path.join(config.llvm_tools_dir, "mlir-runner")
     + " -e main -entry-point-result=void -shared-libs=" + runner_libs))
config.substitutions.append(
    ("%mlir_runner_omp",
     os.path.join(config.llvm_tools_dir, "mlir-runner")
     + " -e main -entry-point-result=void -shared-libs=" + runner_libs + ","
     + os.path.join(config.mlir_lib_dir, "libomp" + config.shlib_ext)))
config.substitutions.append(
    ("%routed_case",
     python + " " + os.path.join(config.mod_src_root, "test", "Integration", "CPU", "Inputs", "routed_case.py")))
config.substitutions.append(
    ("%gpt_case",
     python + " " + os.path.join(config.mod_src_root, "test", "Integration", "CPU", "Inputs", "gpt_case.py")))

# A sanitizer build (scripts/test-sanitizers.sh) cannot be loaded as a
# plugin into the uninstrumented stock mlir-opt; tests say so with
# `UNSUPPORTED: sanitized`.
if os.environ.get("MOD_SANITIZED") == "1":
    config.available_features.add("sanitized")

# ---- Runtime libraries (runtime/, tests in test/Runtime) --------------------
# %mod_runner_utils / %mod_cuda_runtime: the shared libraries AOT-compiled
# test programs link; %cuda_toolkit_dir: the toolkit whose headers built the
# CUDA runtime. Features: `cuda-runtime` (libmod_cuda_runtime is built),
# `cuda-ptxas` (the toolkit has ptxas), `cuda-toolkit-libs` (it has the stub
# libcuda.so and libcublas.so.13), `cuda-device` (only when `nvidia-smi -L`
# lists a GPU) and `cuda-sm90` (that GPU is compute capability 9.0 or newer).
config.substitutions.append(
    ("%mod_runner_utils", os.path.join(config.mod_lib_dir, "libmod_runner_utils" + config.shlib_ext)))
config.substitutions.append(
    ("%mod_cuda_runtime", os.path.join(config.mod_lib_dir, "libmod_cuda_runtime" + config.shlib_ext)))
_mod_cuda_dir = getattr(config, "cuda_toolkit_dir", "") or "/nonexistent-cuda-toolkit"
config.substitutions.append(("%cuda_toolkit_dir", _mod_cuda_dir))
if getattr(config, "mod_cuda_runtime_enabled", 0):
    config.available_features.add("cuda-runtime")
    if os.path.exists(os.path.join(_mod_cuda_dir, "bin", "ptxas")):
        config.available_features.add("cuda-ptxas")
    if (os.path.exists(os.path.join(_mod_cuda_dir, "lib64", "stubs", "libcuda.so"))
            and os.path.exists(os.path.join(_mod_cuda_dir, "lib64", "libcublas.so.13"))):
        config.available_features.add("cuda-toolkit-libs")


def _mod_nvidia_smi(*args):
    import subprocess
    smi = shutil.which("nvidia-smi")
    if not smi:
        return None
    try:
        out = subprocess.run([smi] + list(args), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode(errors="replace") if out.returncode == 0 else None


_mod_gpus = _mod_nvidia_smi("-L")
if _mod_gpus and "GPU " in _mod_gpus:
    config.available_features.add("cuda-device")
    _mod_caps = _mod_nvidia_smi("--query-gpu=compute_cap", "--format=csv,noheader") or ""
    try:
        if float(_mod_caps.split()[0]) >= 9.0:
            config.available_features.add("cuda-sm90")
    except (IndexError, ValueError):
        pass

# mod-gpu-pipeline: ptxas from the toolkit lit found; GPU execution through
# mlir-runner with our runtime; %gpu_chip = the device's sm_XY (sm_90 when
# there is no device, for compile-only use).
if os.path.exists(os.path.join(_mod_cuda_dir, "bin", "ptxas")):
    llvm_config.with_environment("CUDA_HOME", _mod_cuda_dir)
_mod_chip = "sm_90"
if _mod_gpus and "GPU " in _mod_gpus:
    try:
        _mod_cap = (_mod_nvidia_smi("--query-gpu=compute_cap", "--format=csv,noheader") or "").split()[0]
        _mod_chip = "sm_" + _mod_cap.replace(".", "")
    except IndexError:
        pass
config.substitutions.append(("%gpu_chip", _mod_chip))
config.substitutions.append(
    ("%mlir_runner_gpu",
     os.path.join(config.llvm_tools_dir, "mlir-runner")
     + " -e main -entry-point-result=void -shared-libs="
     + ",".join([os.path.join(config.mod_lib_dir, "libmod_cuda_runtime" + config.shlib_ext)]
                + [os.path.join(config.mlir_lib_dir, lib + config.shlib_ext)
                   for lib in ("libmlir_runner_utils", "libmlir_c_runner_utils")])))

# libmod_cpu_runtime.so uses a system CBLAS instead of its own GEMM when
# MOD_BLAS_LIBRARY names one; `cpu-blas` says one is installed and
# %cpu_blas_library is its soname.
config.substitutions.append(
    ("%mod_cpu_runtime", os.path.join(config.mod_lib_dir, "libmod_cpu_runtime" + config.shlib_ext)))
config.substitutions.append(
    ("%mlir_runner_blas",
     os.path.join(config.llvm_tools_dir, "mlir-runner")
     + " -e main -entry-point-result=void -shared-libs=" + runner_libs))
try:
    import ctypes.util
    _mod_blas = next((lib for lib in (ctypes.util.find_library(n) for n in ("openblas", "cblas", "blas"))
                      if lib), None)
    if _mod_blas:
        config.available_features.add("cpu-blas")
        config.substitutions.append(("%cpu_blas_library", _mod_blas))
except Exception:
    pass

# PyTorch tests: the first interpreter that has torch and pytest (Debian's
# python3-torch lives in /usr/bin/python3; a pip-installed one may be %python).
def _mod_python_with_torch():
    import subprocess
    for cand in [python, "/usr/bin/python3"]:
        if not cand or not os.path.exists(cand):
            continue
        try:
            ok = subprocess.run([cand, "-c", "import torch, pytest, numpy"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, timeout=120).returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if ok:
            return cand
    return None


_mod_torch_python = _mod_python_with_torch()
if _mod_torch_python:
    config.available_features.add("python-torch")
    config.substitutions.append(("%torch_python", _mod_torch_python))

# Hugging Face models (test/Python/hf-models.test): the venv of
# scripts/install-hf-venv.sh (build/hf-venv, or $MOD_HF_VENV) with torch,
# torch-mlir and transformers. Feature `hf-models` when it imports them;
# scripts/test.sh sets MOD_MLIR_HF_REQUIRED=1, and then a missing or broken
# venv makes the test fail instead of being skipped.
def _mod_hf_python():
    import subprocess
    venv = os.environ.get("MOD_HF_VENV") or os.path.join(config.mod_obj_root, "hf-venv")
    cand = os.path.join(venv, "bin", "python")
    if not os.path.exists(cand):
        return None, f"{cand} does not exist"
    try:
        r = subprocess.run([cand, "-c", "import torch, torch_mlir, transformers, pytest, numpy"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"{cand}: {e}"
    if r.returncode != 0:
        last = (r.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
        return None, f"{cand} cannot import torch, torch_mlir, transformers, pytest: {last}"
    return cand, ""


_mod_hf, _mod_hf_why = _mod_hf_python()
llvm_config.with_system_environment(["MOD_MLIR_HF_REQUIRED", "MOD_HF_VENV"])
if _mod_hf:
    config.available_features.add("hf-models")
    config.substitutions.append(("%hf_python", _mod_hf))
elif os.environ.get("MOD_MLIR_HF_REQUIRED") == "1":
    config.available_features.add("hf-models")
    _msg = ("the Hugging Face venv is required (MOD_MLIR_HF_REQUIRED=1) but not usable: " + _mod_hf_why
            + "; run scripts/install-hf-venv.sh").replace("'", " ").replace('"', " ")
    config.substitutions.append(("%hf_python", f"{python} -c \"import sys; sys.exit('{_msg}')\""))
