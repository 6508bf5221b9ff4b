#!/usr/bin/env bash
# redacteur's logits against llama.cpp's at every position of a 64-token prompt, on one GGUF
# (issue 20's numerics target: cosine similarity >= 0.999 at every position, the same next
# token wherever llama.cpp's top two are more than 0.5 apart, and llama.cpp's logits spread
# enough, standard deviation >= 1, for that to mean something). llama.cpp is llama-cpp-python
# 0.3.36 (the version the tests use), built without AMX into a venv under $REDACTEUR_CACHE.
# Usage: MODEL=<file.gguf> benches/llama_cpp_logits.sh [TEXT]   (default text:
# tests/fixtures/chronique-fr.txt). Environment: N (positions, default 64), THREADS (2).
# Prints one JSON line; exits non-zero when a target is missed.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
model="${MODEL:?set MODEL to a GGUF file}"
text="${1:-$repo/tests/fixtures/chronique-fr.txt}"
n="${N:-64}"
cache="${REDACTEUR_CACHE:-$HOME/.cache/redacteur}"
venv="$cache/python-llama-cpp-server-0.3.36-noamx"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import llama_cpp" 2>/dev/null; then
  python3 -m venv "$venv"
  no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  CMAKE_BUILD_PARALLEL_LEVEL=2 PIP_NO_CACHE_DIR=1 \
    CMAKE_ARGS="-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF '-DCMAKE_C_FLAGS=$no_amx' '-DCMAKE_CXX_FLAGS=$no_amx'" \
    "$venv/bin/python" -m pip install --quiet "llama-cpp-python[server]==0.3.36"
fi
"$venv/bin/python" -c "import numpy" 2>/dev/null || "$venv/bin/python" -m pip install --quiet numpy
(cd "$repo" && cargo build --release -q)
bin="${CARGO_TARGET_DIR:-$repo/target}/release/redacteur"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin" perplexity "$text" -m "$model" -c "$n" --chunks 1 --logits "$out/logits.f32" >/dev/null
THREADS="${THREADS:-2}" "$venv/bin/python" "$repo/benches/llama_cpp_logits.py" "$model" "$out/logits.f32"
