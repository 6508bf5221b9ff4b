#!/usr/bin/env bash
# Perplexity side by side: llama.cpp's llama-perplexity and `redacteur perplexity` on the same
# GGUF (the default model, or $MODEL) and text, at the same context sizes, with llama.cpp's protocol
# (chunks of n_ctx, BOS first, the second half of each chunk scored). llama.cpp runs twice: with
# its defaults (f16 KV cache) and with an f32 KV cache and flash attention off.
# Builds llama.cpp from the source package of llama-cpp-python (which vendors it) outside the
# repository.
# Usage: benches/llama_cpp_perplexity.sh [WORKDIR] [TEXT]   (TEXT: tests/fixtures/chronique-fr.txt)
# Environment: MODEL (a GGUF path; default the default model), CTX (default "512,1024"),
# THREADS (default: all cores).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/redacteur-llama-cpp}"
text="$(realpath "${2:-$repo/tests/fixtures/chronique-fr.txt}")"
ctx="${CTX:-512,1024}"
threads="${THREADS:-$(nproc)}"
. "$repo/benches/llama_cpp_source.sh"
build_llama_cpp llama-perplexity

cd "$repo"
cargo build --release -q
# cargo builds into $CARGO_TARGET_DIR when it is set (CI sets it), else ./target.
bin="${CARGO_TARGET_DIR:-target}/release/redacteur"
model="${MODEL:-$("$bin" models path)}"
RAYON_NUM_THREADS="$threads" "$bin" perplexity "$text" -m "$model" -c "$ctx" -o json \
  >"$work/perplexity-redacteur.json"
echo "CPU: $(cpu_name)"
echo "| n_ctx | redacteur | llama.cpp (f16 KV) | ratio | llama.cpp (f32 KV, no flash attention) | ratio |"
echo "|---|---|---|---|---|---|"
for c in ${ctx//,/ }; do
  default=$("$src/build/bin/llama-perplexity" -m "$model" -f "$text" -c "$c" -t "$threads" 2>&1 \
    | sed -n 's/.*Final estimate: PPL = \([0-9.]*\).*/\1/p')
  f32=$("$src/build/bin/llama-perplexity" -m "$model" -f "$text" -c "$c" -t "$threads" \
    -ctk f32 -ctv f32 -fa off 2>&1 | sed -n 's/.*Final estimate: PPL = \([0-9.]*\).*/\1/p')
  python3 - "$work/perplexity-redacteur.json" "$c" "$default" "$f32" <<'PY'
import json, sys
results = {r["n_ctx"]: r for r in json.load(open(sys.argv[1]))["results"]}
c, default, f32 = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
ours = results[c]["value"]
print(f"| {c} | {ours:.4f} | {default:.4f} | {ours / default:.4f} | {f32:.4f} | {ours / f32:.4f} |")
PY
done
