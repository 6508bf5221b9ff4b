#!/usr/bin/env bash
# Side by side: llama.cpp's llama-bench and `redacteur bench` on the same GGUF (the default
# model, or $MODEL), the same tests (pp512, tg128), repetitions and thread counts, in interleaved rounds
# (llama.cpp, redacteur, llama.cpp, redacteur, ...) so that a slow spell of the host falls on
# both. Prints each round's ratios redacteur / llama.cpp, then their median and range.
# Builds llama.cpp (native, without AMX) from the source package of llama-cpp-python (which
# vendors it) outside the repository.
# Usage: benches/llama_cpp_compare.sh [WORKDIR]   (needs python3 with pip, a C++ compiler)
# Environment: MODEL (a GGUF path; default the default model), THREADS (default "1,2"), REPS per round (default 5), ROUNDS (default 3, at
# least 3), PROMPT (512), GEN (128), FA (llama-bench's flash attention, 0 or 1; default 0,
# since redacteur's CPU attention is not a flash attention).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/redacteur-llama-cpp}"
threads="${THREADS:-1,2}"
reps="${REPS:-5}"
rounds="${ROUNDS:-3}"
prompt="${PROMPT:-512}"
gen="${GEN:-128}"
fa="${FA:-0}"
[ "$rounds" -ge 3 ] || { echo "ROUNDS must be at least 3" >&2; exit 2; }
. "$repo/benches/llama_cpp_source.sh"
build_llama_cpp llama-bench

cd "$repo"
cargo build --release -q
# cargo builds into $CARGO_TARGET_DIR when it is set (CI sets it), else ./target.
bin="${CARGO_TARGET_DIR:-target}/release/redacteur"
model="${MODEL:-$("$bin" models path)}"
for round in $(seq 1 "$rounds"); do
  # llama-bench does not report memory: its peak RSS comes from the kernel's accounting.
  python3 - "$src/build/bin/llama-bench" "$model" "$prompt" "$gen" "$reps" "$threads" "$fa" \
    "$work/llama-cpp-$round" <<'PY'
import resource, subprocess, sys
bench, model, prompt, gen, reps, threads, fa, out = sys.argv[1:]
with open(f"{out}.json", "w") as f:
    subprocess.run([bench, "-m", model, "-p", prompt, "-n", gen, "-r", reps, "-t", threads,
                    "-fa", fa, "-o", "json"], stdout=f, stderr=subprocess.DEVNULL, check=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
open(f"{out}.peak", "w").write(str(peak * 1024))
PY
  "$bin" bench -m "$model" -p "$prompt" -n "$gen" -r "$reps" -t "$threads" \
    -o json >"$work/redacteur-$round.json"
  echo "round $round of $rounds done" >&2
done

python3 - "$work" "$rounds" "$fa" "$(cpu_name)" <<'PY'
import json, statistics, sys
work, rounds, fa, cpu = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def key_llama(r):
    test = f"pp{r['n_prompt']}" if r["n_prompt"] else f"tg{r['n_gen']}"
    return (test, r["n_threads"])
rows, ratios = [], {}
for n in range(1, rounds + 1):
    ours = json.load(open(f"{work}/redacteur-{n}.json"))["speed"]
    theirs = {key_llama(r): r for r in json.load(open(f"{work}/llama-cpp-{n}.json"))}
    llama_peak = int(open(f"{work}/llama-cpp-{n}.peak").read()) / 2**20
    for r in ours:
        k = (r["test"], r["host"]["threads"])
        l = theirs.get(k)
        if l is None:
            continue
        mine = r["tokens_per_second"]
        ratio = mine["mean"] / l["avg_ts"]
        ratios.setdefault(k, []).append(ratio)
        rows.append(f"| {n} | {k[0]} | {k[1]} | {mine['mean']:.1f} ± {mine['sd']:.1f} "
                    f"| {l['avg_ts']:.1f} ± {l['stddev_ts']:.1f} | {ratio:.2f} "
                    f"| {r['peak_memory_bytes'] / 2**20:.0f} / {llama_peak:.0f} |")
print("| round | test | threads | redacteur t/s | llama.cpp t/s | ratio | peak MiB redacteur / llama.cpp |")
print("|---|---|---|---|---|---|---|")
print("\n".join(rows))
print("\n| test | threads | ratio per round | median | lowest | highest |")
print("|---|---|---|---|---|---|")
for (test, threads), rs in ratios.items():
    print(f"| {test} | {threads} | {' '.join(f'{r:.2f}' for r in rs)} | {statistics.median(rs):.2f} "
          f"| {min(rs):.2f} | {max(rs):.2f} |")
last = json.load(open(f"{work}/llama-cpp-{rounds}.json"))[0]
ours = json.load(open(f"{work}/redacteur-{rounds}.json"))["speed"][0]["host"]
print(f"\nllama.cpp build {last.get('build_commit', '?')} (flash attention {fa}, "
      f"llama-bench reports flash_attn={last.get('flash_attn', '?')}), redacteur {ours['commit']}, "
      f"CPU {cpu}")
PY
