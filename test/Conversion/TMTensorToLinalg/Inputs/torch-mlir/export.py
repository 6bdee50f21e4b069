"""Regenerates the torch-mlir outputs in this directory (real imports, not
hand-written): small PyTorch modules whose linalg-on-tensors form contains
tm_tensor ops, and a tiny random-weight LLaMA from Hugging Face transformers
(its cumsum over position_ids becomes tm_tensor.scan).

Needs torch 2.9.1 + torch-mlir 20261001 + transformers 5.24.0, e.g. the venv
build/hf-venv:

    build/hf-venv/bin/python test/Conversion/TMTensorToLinalg/Inputs/torch-mlir/export.py

Also writes llama_ref.npz: the token ids and the logits of the eager
Hugging Face model (the expected values of the LLaMA integration test).
"""
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import transformers
from torch_mlir import fx
from torch_mlir.extras.fx_decomp_util import get_decomposition_table

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)

# torch-mlir's default decompositions turn SDPA into matmuls + softmax; keep
# it whole so that it reaches torch-mlir as aten.scaled_dot_product_attention
# (-> tm_tensor.attention).
KEEP_SDPA = {k: v for k, v in get_decomposition_table().items()
             if "attention" not in str(k)}


class Cumsum(nn.Module):
    def forward(self, x):
        return torch.cumsum(x, dim=1)


class CumsumI64(nn.Module):  # the position_ids pattern of HF models
    def forward(self, m):
        return torch.cumsum(m, dim=-1) - 1


class IndexPutAccumulate(nn.Module):
    def forward(self, x, idx, v):
        return torch.index_put(x, (idx,), v, accumulate=True)


class IndexPut2(nn.Module):
    def forward(self, x, i, j, v):
        return torch.index_put(x, (i, j), v, accumulate=False)


class Sort(nn.Module):
    def forward(self, x):
        return torch.sort(x, dim=0)


class TopK(nn.Module):  # aten.topk -> tm_tensor.sort + extract_slice
    def forward(self, x):
        return torch.topk(x, 3, dim=-1)


class KthValue(nn.Module):  # -> tm_tensor.topk
    def forward(self, x):
        return torch.kthvalue(x, 2, dim=-1)


class SdpaCausal(nn.Module):
    def forward(self, q, k, v):
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)


class SdpaFloatMask(nn.Module):
    def forward(self, q, k, v, m):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=m)


class SdpaBoolMask(nn.Module):
    def forward(self, q, k, v, m):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=m, scale=0.3)


def qkv():
    return torch.randn(1, 2, 4, 8)


CASES = {
    "cumsum": (Cumsum(), (torch.randn(2, 5),), None),
    "cumsum_i64": (CumsumI64(), (torch.ones(1, 6, dtype=torch.int64),), None),
    "index_put": (IndexPutAccumulate(),
                  (torch.zeros(5, 3), torch.tensor([0, 2, 2]), torch.randn(3, 3)), None),
    "index_put2": (IndexPut2(), (torch.zeros(4, 5), torch.tensor([0, 3]),
                                 torch.tensor([1, 4]), torch.randn(2)), None),
    "sort": (Sort(), (torch.randn(5, 3),), None),
    "topk": (TopK(), (torch.randn(2, 6),), None),
    "kthvalue": (KthValue(), (torch.randn(2, 6),), None),
    "sdpa_causal": (SdpaCausal(), (qkv(), qkv(), qkv()), KEEP_SDPA),
    "sdpa_fmask": (SdpaFloatMask(), (qkv(), qkv(), qkv(), torch.randn(1, 1, 4, 4)), KEEP_SDPA),
    "sdpa_bmask": (SdpaBoolMask(), (qkv(), qkv(), qkv(), torch.randn(1, 2, 4, 4) > 0), KEEP_SDPA),
}


def write(name, module, args, decompositions=None):
    kwargs = {"decomposition_table": decompositions} if decompositions else {}
    text = str(fx.export_and_import(module, *args, output_type="linalg-on-tensors",
                                    func_name=name, **kwargs))
    assert "tm_tensor." in text, name
    with open(os.path.join(HERE, name + ".mlir"), "w") as f:
        f.write(text)


def tiny_llama():
    cfg = transformers.LlamaConfig(
        vocab_size=32, hidden_size=16, intermediate_size=32, num_hidden_layers=2,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=64,
        attn_implementation="eager")
    model = transformers.LlamaForCausalLM(cfg).eval()
    # The FX importer cannot map non-persistent buffers (RoPE inv_freq).
    for mod in model.modules():
        for name in ("inv_freq", "original_inv_freq"):
            if name in getattr(mod, "_buffers", {}):
                t = mod._buffers.pop(name)
                mod.register_buffer(name, t, persistent=True)

    class Logits(nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, ids):  # no attention mask: position_ids via cumsum
            return self.m(input_ids=ids, use_cache=False).logits

    return Logits(model)


if __name__ == "__main__":
    for name, (module, args, decompositions) in CASES.items():
        write(name, module, args, decompositions)
    llama = tiny_llama()
    ids = torch.randint(0, 32, (1, 8))
    with torch.no_grad():
        logits = llama(ids)
    write("llama", llama, (ids,))
    np.savez(os.path.join(HERE, "llama_ref.npz"), ids=ids.numpy(), logits=logits.numpy())
