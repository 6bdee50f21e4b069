# Helpers shared by mod-mlir's CMake files.

# Links MLIR libraries; with MLIR_LINK_MLIR_DYLIB (our default) this resolves
# to libMLIR.so, so every tool and the plugin share one copy of MLIR.
function(mod_link_mlir target type)
  mlir_target_link_libraries(${target} ${type} ${ARGN})
endfunction()

# Installs one of our libraries into the exported ModMLIR package.
function(mod_install_library name)
  target_include_directories(${name} INTERFACE
    $<BUILD_INTERFACE:${MOD_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${MOD_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  install(TARGETS ${name} EXPORT ModMLIRTargets
    ARCHIVE DESTINATION lib
    LIBRARY DESTINATION lib
    RUNTIME DESTINATION bin)
endfunction()
