#!/usr/bin/env python3
"""redacteur's logits beside llama.cpp's, position by position, on the same tokens.

Usage: llama_cpp_logits.py MODEL.gguf LOGITS  (LOGITS and LOGITS.json as written by
`redacteur perplexity TEXT -c N --chunks 1 --logits LOGITS`). Runs the same token ids through
llama-cpp-python with every position's logits kept, then prints, over the positions: the
cosine similarity of the two logit vectors, the standard deviation of llama.cpp's (random
weights easily give near-uniform logits, which prove nothing), and whether the next token
agrees where llama.cpp's top two are more than 0.5 apart.
"""
import json
import os
import sys

import numpy as np
from llama_cpp import Llama


def main() -> None:
    model, logits_path = sys.argv[1], sys.argv[2]
    with open(logits_path + ".json") as f:
        ids = json.load(f)
    ours = np.fromfile(logits_path, dtype="<f4").reshape(len(ids), -1)
    threads = int(os.environ.get("THREADS", "2"))
    llm = Llama(model_path=model, n_ctx=len(ids), n_batch=len(ids), logits_all=True,
                n_threads=threads, flash_attn=False, verbose=False)
    llm.eval(ids)
    theirs = np.array(llm.scores[: len(ids)], dtype=np.float64)
    assert theirs.shape == ours.shape, (theirs.shape, ours.shape)
    ours = ours.astype(np.float64)
    cos = (ours * theirs).sum(1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
    std = theirs.std(1)
    top2 = np.sort(theirs, 1)[:, -2:]
    margin = top2[:, 1] - top2[:, 0]
    decided = margin > 0.5
    agree = ours.argmax(1) == theirs.argmax(1)
    report = {
        "model": os.path.basename(model),
        "positions": len(ids),
        "cosine_min": float(cos.min()),
        "cosine_median": float(np.median(cos)),
        "std_min": float(std.min()),
        "std_median": float(np.median(std)),
        "decided_positions": int(decided.sum()),
        "argmax_agrees_where_decided": int((agree & decided).sum()),
        "argmax_agrees_anywhere": int(agree.sum()),
    }
    print(json.dumps(report))
    ok = cos.min() >= 0.999 and std.min() >= 1.0 and (agree | ~decided).all()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
