#!/usr/bin/env python3
"""Prints the linalg-on-tensors decode step that mod_mlir.hf.compile_decoder
exports from a transformers LlamaForCausalLM (random init, 2 layers, grouped-
query attention, B=2, caches of 24 slots), with layer 1 causally routed
(`--routed`) or dense."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "python"))

import torch  # noqa: E402
import transformers  # noqa: E402

from mod_mlir import hf_decode  # noqa: E402

config = transformers.AutoConfig.for_model(
    "llama", hidden_size=64, intermediate_size=128, num_attention_heads=4, num_key_value_heads=2,
    num_hidden_layers=2, vocab_size=100, max_position_embeddings=128, initializer_range=0.1,
    bos_token_id=None, eos_token_id=None, pad_token_id=None)
torch.manual_seed(0)
model = transformers.AutoModelForCausalLM.from_config(config).float().eval()
routed = (1,) if "--routed" in sys.argv else ()
text, _ = hf_decode.export_step(model, batch=2, max_len=24, routed_layers=routed, threshold=0.0, dim=64)
print(text)
