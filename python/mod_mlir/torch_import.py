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

import re
from typing import Any


def decomposition_table() -> dict:
    """The decompositions our exports run before torch-mlir's importer:
    torch-mlir's own table, plus PyTorch's decomposition of the tanh form of
    GELU (`F.gelu(x, approximate="tanh")`, Gemma's and GPT-BigCode's
    activation). torch-mlir 20261001 lowers that op itself with
    sqrt(2/pi) as 0.797724 instead of 0.7978846 (2e-3 relative error in
    the activation, 5e-5 in the logits of a small Gemma); PyTorch's
    decomposition is the formula of its own kernel, with exact constants.
    The erf form of GELU stays torch-mlir's (exact to float32 rounding)."""
    import torch
    from torch._decomp import decomposition_table as torch_decompositions
    from torch_mlir.extras.fx_decomp_util import get_decomposition_table

    gelu = torch.ops.aten.gelu.default
    pytorch_gelu = torch_decompositions[gelu]

    def gelu_tanh(a, approximate="none"):
        if approximate == "tanh":
            return pytorch_gelu(a, approximate=approximate)
        return NotImplemented  # not decomposed: torch-mlir lowers it

    table = dict(get_decomposition_table())
    table[gelu] = gelu_tanh
    return table


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
        module = fx.export_and_import(model, *example_args, output_type="linalg-on-tensors", func_name=func_name,
                                      decomposition_table=decomposition_table())
    except Exception as e:  # torch.export / importer failures come in many types
        raise ValueError(f"torch-mlir could not import {type(model).__name__}: {type(e).__name__}: {e}") from e
    return module_text(module, generic)


_I1_HEX = re.compile(r'dense<"0x([0-9A-Fa-f]+)">(\s*:\s*tensor<((?:\d+x)*)i1>)')


def _packed_i1_hex(match: "re.Match") -> str:
    data = bytes.fromhex(match.group(1))
    count = 1
    for dim in match.group(3).split("x")[:-1]:
        count *= int(dim)
    if count <= 1 or len(data) != count:
        return match.group(0)  # a splat, or already packed
    packed = bytearray((count + 7) // 8)
    for i, byte in enumerate(data):
        if byte:
            packed[i // 8] |= 1 << (i % 8)
    return f'dense<"0x{packed.hex().upper()}">{match.group(2)}'


def module_text(module, generic: bool = False) -> str:
    """A torch-mlir module's text (custom or generic form), as MLIR 22
    parses it. torch-mlir 20261001's newer MLIR prints the hex form of a
    boolean (i1) dense constant with one byte per element; MLIR 22 reads
    that form as packed bits (LSB first), so such a constant (a mask the
    ONNX path folds, e.g. Mistral's sliding-window mask) did not parse
    ("elements hex data size is invalid"): it is repacked here."""
    if generic:
        import io
        buf = io.StringIO()
        module.operation.print(file=buf, print_generic_op_form=True)
        text = buf.getvalue()
    else:
        text = str(module)
    return _I1_HEX.sub(_packed_i1_hex, text)


# Upstream MLIR's TOSA-to-linalg conversions, in the order torch-mlir's
# linalg-on-tensors TOSA test backend runs them; without the TOSA validation
# of `tosa-to-linalg-pipeline`, which rejects the f64/i64 types torch-mlir's
# TOSA output keeps (scalars, index tensors).
TOSA_TO_LINALG = ("builtin.module(func.func(tosa-to-linalg-named),func.func(canonicalize),"
                  "func.func(tosa-to-linalg),func.func(tosa-to-arith),func.func(tosa-to-tensor),canonicalize)")


def tosa_to_linalg(module: Any, *, generic: bool = False) -> str:
    """linalg-on-tensors text of TOSA IR (a torch_mlir `ir.Module`, changed
    in place, or MLIR text), by upstream MLIR's tosa-to-linalg-named,
    tosa-to-linalg, tosa-to-arith and tosa-to-tensor passes (`TOSA_TO_LINALG`)
    as torch-mlir's bindings carry them, so TOSA printed by torch-mlir's
    newer MLIR is read by that MLIR. (`mod-opt --pass-pipeline=` with the
    same passes does it with MLIR 22, for TOSA that MLIR 22 reads.) Raises
    ImportError without torch-mlir and ValueError when a pass fails."""
    try:
        from torch_mlir.compiler_utils import run_pipeline_with_repro_report
        from torch_mlir.ir import Context, Module
    except ImportError as e:
        raise ImportError("lowering TOSA needs torch-mlir (scripts/install-hf-venv.sh installs it into "
                          "build/hf-venv)") from e
    try:
        if isinstance(module, str):
            with Context():
                module = Module.parse(module)
                run_pipeline_with_repro_report(module, TOSA_TO_LINALG, "TOSA to linalg-on-tensors")
        else:
            run_pipeline_with_repro_report(module, TOSA_TO_LINALG, "TOSA to linalg-on-tensors")
    except Exception as e:  # parse errors and pass failures come in several types
        msg = str(e).strip().splitlines()
        raise ValueError(f"could not lower TOSA to linalg: {type(e).__name__}: {msg[0] if msg else ''}"
                         + (" ..." if len(msg) > 1 else "")) from e
    return module_text(module, generic)


def enable_cond_import() -> None:
    """Teaches torch-mlir's FX importer `torch.cond` (torch-mlir 20261001
    raises "Higher-order operation 'cond' not implemented"): the HOP becomes
    `torch.prim.If` on the predicate, each region calling its branch's
    function (imported, as for `while_loop`, from the exported program's
    branch graphs), which torch-mlir's backend pipeline inlines and lowers
    to `scf.if`. Idempotent; a torch-mlir that imports `cond` itself is
    left alone."""
    from torch_mlir.extras import fx_importer
    from torch_mlir.ir import Block, FlatSymbolRefAttr, InsertionPoint, Operation

    importer = fx_importer.GraphNodeImporter
    if hasattr(importer, "_import_hop_cond"):
        return

    def _import_hop_cond(self, loc, node, hop):
        pred, true_fn, false_fn, operands = node.args
        root = node.graph.owning_module
        callees = [self.fx_importer._graph_module_to_func_name[id(getattr(root, branch.target))]
                   for branch in (true_fn, false_fn)]
        condition = Operation.create("torch.aten.Bool.Tensor", results=[self._cc.torch_bool_type],
                                     operands=[self._import_argument(loc, pred)], loc=loc).result
        values = [self._import_argument(loc, o) for o in operands]
        types = [self._cc.value_info_to_type(v) for v in node.meta["val"]]
        if_op = Operation.create("torch.prim.If", results=types, operands=[condition], regions=2, loc=loc)
        for region, callee in zip(if_op.regions, callees):
            with InsertionPoint(Block.create_at_start(region, [])):
                call = Operation.create("func.call", attributes={"callee": FlatSymbolRefAttr.get(callee)},
                                        results=types, operands=values, loc=loc)
                Operation.create("torch.prim.If.yield", results=[], operands=list(call.results), loc=loc)
        # torch.cond returns a tuple: its users are getitem nodes.
        self._multi_result_nodes.add(node)
        for i, value in enumerate(if_op.results):
            self.bind_node_value(node, value, i)

    importer._import_hop_cond = _import_hop_cond


def import_onnx(model: Any, *, generic: bool = False) -> str:
    """MLIR text (linalg on tensors) of an ONNX model (a path or an
    `onnx.ModelProto`), as torch-mlir's ONNX importer and its lowering
    pipelines emit it: shape inference (`onnx.shape_inference`, with data
    propagation), `torch_mlir.extras.onnx_importer`, then
    `torch-onnx-to-torch-backend-pipeline` and
    `torch-backend-to-linalg-on-tensors-backend-pipeline` (what
    `torch-mlir-import-onnx` + `torch-mlir-opt` do). The function is the
    graph's name (`main_graph` for torch.onnx.export's files). Models over
    protobuf's 2 GB limit are not handled. Raises ImportError without onnx /
    torch-mlir and ValueError when the importer or the lowering fails."""
    try:
        import onnx
        from torch_mlir.compiler_utils import run_pipeline_with_repro_report
        from torch_mlir.dialects import torch as torch_d
        from torch_mlir.extras import onnx_importer
        from torch_mlir.ir import Context
    except ImportError as e:
        raise ImportError("importing an ONNX model needs onnx and torch-mlir "
                          "(scripts/install-hf-venv.sh installs both into build/hf-venv)") from e
    proto = model if isinstance(model, onnx.ModelProto) else onnx.load(str(model))
    name = "the ONNX model" if isinstance(model, onnx.ModelProto) else str(model)
    try:
        onnx.checker.check_model(proto)
        proto = onnx.shape_inference.infer_shapes(proto, data_prop=True)
        context = Context()
        torch_d.register_dialect(context)
        info = onnx_importer.ModelInfo(proto, config=onnx_importer.Config())
        module = info.create_module(context=context)
        onnx_importer.NodeImporter.define_function(info.main_graph, module.operation).import_all()
        module.operation.verify()
        run_pipeline_with_repro_report(
            module, "builtin.module(torch-onnx-to-torch-backend-pipeline,"
            "torch-backend-to-linalg-on-tensors-backend-pipeline)", "ONNX to linalg-on-tensors")
    except Exception as e:  # the checker, importer and pipelines fail with many types
        msg = str(e).strip().splitlines()
        raise ValueError(f"torch-mlir could not import {name}: {type(e).__name__}: "
                         f"{msg[0] if msg else ''}" + (" ..." if len(msg) > 1 else "")) from e
    return module_text(module, generic)
