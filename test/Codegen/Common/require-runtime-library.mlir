// RUN: mod-opt %s --split-input-file --mod-require-runtime-library=library=mod_cpu_runtime | FileCheck %s
// RUN: not mod-opt %s --split-input-file --mod-require-runtime-library 2>&1 | FileCheck %s --check-prefix=EMPTY

// The name is appended once, after names already there.
// CHECK: module attributes {mod.runtime_libraries = ["mod_cpu_runtime"]}
// CHECK: module attributes {mod.runtime_libraries = ["other", "mod_cpu_runtime"]}
// CHECK: module attributes {mod.runtime_libraries = ["mod_cpu_runtime"]}
// EMPTY: error: mod-require-runtime-library: library= is empty (e.g. mod_cpu_runtime)
func.func @f() {
  return
}

// -----

module attributes {mod.runtime_libraries = ["other"]} {
}

// -----

module attributes {mod.runtime_libraries = ["mod_cpu_runtime"]} {
}
