#!/usr/bin/env bash
# Reproduces the llama.cpp greedy continuations pinned in tests/it/model.rs.
# Builds llama.cpp from the source package of llama-cpp-python (which vendors it) outside the
# repository, and prints 16 greedy tokens for each prompt with llama.cpp's default settings (an
# f16 KV cache, as redacteur's). With F32_KV=1 it patches the `simple` example to use an f32 KV
# cache without flash attention instead (SIMPLE_F32_KV), which continues three of the four
# prompts differently: the pinned choices sit on near-ties.
# Usage: benches/llama_cpp_greedy.sh [WORKDIR]   (needs python3 with pip, cmake, a C++ compiler)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/redacteur-llama-cpp}"
. "$repo/benches/llama_cpp_source.sh"
cd "$src"
if ! grep -q SIMPLE_F32_KV examples/simple/simple.cpp; then
  python3 - <<'PY'
p = 'examples/simple/simple.cpp'
s = open(p).read()
s = s.replace("    ctx_params.no_perf = false;",
  "    ctx_params.no_perf = false;\n    if (getenv(\"SIMPLE_F32_KV\")) { ctx_params.type_k = GGML_TYPE_F32; ctx_params.type_v = GGML_TYPE_F32; ctx_params.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED; }", 1)
open(p, 'w').write(s)
PY
fi
build_llama_cpp llama-simple
echo "CPU: $(cpu_name)"
model="$(cd "$repo" && cargo run --release -q -- models path | head -1)"
for prompt in "La ville de Lyon est connue pour" "Le gouvernement a annoncé mardi un plan pour" \
  "Les chercheurs de l'université ont découvert que" \
  "Les États-Unis et le Japon vont approfondir leur coopération dans"; do
  if [ -n "${F32_KV:-}" ]; then
    SIMPLE_F32_KV=1 build/bin/llama-simple -m "$model" -n 16 "$prompt" 2>/dev/null
  else
    build/bin/llama-simple -m "$model" -n 16 "$prompt" 2>/dev/null
  fi
  echo
done
