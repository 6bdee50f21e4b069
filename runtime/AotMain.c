/*===- AotMain.c - process entry for ahead-of-time compiled MLIR programs -===*
 *
 * MLIR test and benchmark programs define `func.func @main()` returning
 * nothing; as an executable's entry point that leaves the exit status
 * undefined. The bundle script renames the program's `main` to `mod_main`
 * (llvm-objcopy --redefine-sym) and links this file: exit status 0 unless
 * the runtime reported an error (it exits 1 itself).
 *===----------------------------------------------------------------------===*/
#include <stdio.h>

void mod_main(void);

int main(void) {
  mod_main();
  fflush(stdout);
  return 0;
}
