"""mod-mlir: Mixture-of-Depths for MLIR — the Python side.

Modules:
  reference  numpy implementation of the routing semantics (docs/Semantics.md §1),
             independent of the compiler; integration tests take their expected
             values from it.
"""

__all__ = ["reference"]
