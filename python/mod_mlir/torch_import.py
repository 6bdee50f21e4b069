"""Import a real `torch.nn.Module` through torch-mlir's FX importer.

    text = import_module(model, example_input)      # linalg-on-tensors MLIR text
    m = compiler.Module.parse(text)                  # parses with our MLIR 22
    m.run_pipeline("mod-route-dense{capacity=0.125}")

torch-mlir is built on a newer LLVM than Debian's 22. Measured with
torch-mlir 20261001 (PyPI) and torch 2.9.1: its linalg-on-tensors output,
custom form, including the `dense_resource` weight blobs, parses and
verifies with MLIR 22.1.8 as it is; so does the generic form. We keep the
custom form and parse it in our own context (`compiler.Module.parse`), so
nothing of torch-mlir's MLIR build shares a context with ours.
"""

from __future__ import annotations

from typing import Any


def import_module(model: Any, *example_args: Any, func_name: str = "model", generic: bool = False) -> str:
    """MLIR text (linalg on tensors) of `model(*example_args)`, as torch-mlir's
    FX importer emits it. Raises ImportError without torch/torch-mlir and
    ValueError when the importer cannot handle the module."""
    try:
        import torch  # noqa: F401
        from torch_mlir import fx
    except ImportError as e:
        raise ImportError("importing a torch.nn.Module needs torch >= 2.4 and torch-mlir "
                          "(scripts/torch-mlir-demo.sh installs both into build/torch-venv)") from e
    try:
        module = fx.export_and_import(model, *example_args, output_type="linalg-on-tensors", func_name=func_name)
    except Exception as e:  # torch.export / importer failures come in many types
        raise ValueError(f"torch-mlir could not import {type(model).__name__}: {type(e).__name__}: {e}") from e
    if generic:
        import io
        buf = io.StringIO()
        module.operation.print(file=buf, print_generic_op_form=True)
        return buf.getvalue()
    return str(module)
