#!/usr/bin/env bash
# The grounding table of issue 18: for each input and seed, one article by `write` (with the
# flags given after `--`), checked against its source; then a Markdown table of what the
# article says beyond its source, per article, with the median and the worst per input.
#
#   benches/grounding.sh OUT_DIR [INPUT...] [-- WRITE_FLAGS...]
#   (default inputs: ../shared/seed/*.txt and examples/*.txt; seeds: $SEEDS or "1 2 3";
#   binary: $BIN, to measure another build, or target/release built here)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: benches/grounding.sh OUT_DIR [INPUT...] [-- WRITE_FLAGS...]}
shift
inputs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do inputs+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
flags=("$@")
[ ${#inputs[@]} -eq 0 ] && inputs=(../shared/seed/*.txt examples/*.txt)
mkdir -p "$out"
[ -n "${BIN:-}" ] || cargo build --release --quiet
bin=${BIN:-${CARGO_TARGET_DIR:-target}/release/redacteur}
for input in "${inputs[@]}"; do
  name=$(basename "$input" .txt)
  for seed in ${SEEDS:-1 2 3}; do
    base="$out/$name-$seed"
    "$bin" write "$input" -o "$base.md" --seed "$seed" --date 2026-11-30 "${flags[@]}" \
      2>"$base.log" || true
    [ -s "$base.md" ] || { echo "no article for $input, seed $seed: see $base.log" >&2; continue; }
    "$bin" check "$base.md" --source "$input" --format json >"$base.json" || true
  done
done
python3 benches/grounding_table.py "$out"
