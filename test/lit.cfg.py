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

# CPU execution: Debian's mlir-runner with only the standard runner utils.
runner_libs = ",".join(os.path.join(config.mlir_lib_dir, lib + config.shlib_ext)
                       for lib in ("libmlir_runner_utils", "libmlir_c_runner_utils"))
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
