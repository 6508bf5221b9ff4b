#!/usr/bin/env bash
# What the sentence gate and the repair pass do to the articles `write` makes: for each
# input, one article with both on (the default) and one with both off (--no-gate
# --no-repair), each checked against its source with `redacteur check --format json`.
# Prints a Markdown table: SEO score, names of the source kept, figures kept, invented
# figures, repeated sentences, verbatim copies, body words.
#
#   benches/gate_and_repair.sh [OUT_DIR] [INPUT...]
#   (default inputs: ../shared/seed/*.txt and examples/*.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/gate-and-repair}
shift || true
inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
  inputs=(../shared/seed/*.txt examples/*.txt)
fi
mkdir -p "$out"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/redacteur"

echo "| input | gate + repair | score | names kept | figures kept | invented figures | repeated sentences | verbatim copies | body words | wall s |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for input in "${inputs[@]}"; do
  name=$(basename "$input" .txt)
  for mode in on off; do
    flags=()
    [ "$mode" = off ] && flags=(--no-gate --no-repair)
    article="$out/$name-$mode.md"
    start=$(date +%s)
    "$bin" write "$input" -o "$article" --seed 42 "${flags[@]}" 2>"$out/$name-$mode.log" || true
    wall=$(( $(date +%s) - start ))
    if [ ! -s "$article" ]; then
      echo "| $name | $mode | (no article: see $out/$name-$mode.log) | | | | | | | $wall |"
      continue
    fi
    "$bin" check "$article" --source "$input" --format json >"$out/$name-$mode.json" || true
    python3 - "$out/$name-$mode.json" "$name" "$mode" "$wall" <<'PY'
import json, sys
path, name, mode, wall = sys.argv[1:]
report = json.load(open(path))["report"]
f = {x["rule"]: x for x in report["findings"]}
def value(rule, unit=""):
    x = f.get(rule)
    return "n/a" if x is None else f'{x["value"]}{unit}'
print(f'| {name} | {mode} | {report["score"]} | {value("entities-kept", " %")} | '
      f'{value("figures-kept", " %")} | {value("invented-figures")} | '
      f'{value("repeated-sentences")} | {value("verbatim-copies")} | {value("body-length")} | {wall} |')
PY
  done
done
