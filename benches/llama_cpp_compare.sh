#!/usr/bin/env bash
# Side by side, in one run: llama.cpp's llama-bench and `redacteur bench` on the same GGUF
# (the default model), the same tests (pp512, tg128), repetitions and thread counts; then the
# ratios redacteur / llama.cpp.
# Builds llama.cpp from the source package of llama-cpp-python (which vendors it) outside the
# repository.
# Usage: benches/llama_cpp_compare.sh [WORKDIR]   (needs python3 with pip, cmake, a C++ compiler)
# Environment: THREADS (default "1,2"), REPS (default 5), PROMPT (512), GEN (128).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/redacteur-llama-cpp}"
threads="${THREADS:-1,2}"
reps="${REPS:-5}"
prompt="${PROMPT:-512}"
gen="${GEN:-128}"
. "$repo/benches/llama_cpp_source.sh"
build_llama_cpp llama-bench

cd "$repo"
cargo build --release -q
model="$(./target/release/redacteur models path)"
./target/release/redacteur bench -m "$model" -p "$prompt" -n "$gen" -r "$reps" -t "$threads" -o json \
  >"$work/redacteur.json"
# llama-bench does not report memory: its peak RSS comes from the kernel's accounting.
python3 - "$src/build/bin/llama-bench" "$model" "$prompt" "$gen" "$reps" "$threads" "$work" <<'PY'
import resource, subprocess, sys
bench, model, prompt, gen, reps, threads, work = sys.argv[1:]
with open(f"{work}/llama-cpp.json", "w") as out:
    subprocess.run([bench, "-m", model, "-p", prompt, "-n", gen, "-r", reps, "-t", threads,
                    "-o", "json"], stdout=out, stderr=subprocess.DEVNULL, check=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
open(f"{work}/llama-cpp.peak", "w").write(str(peak * 1024))
PY

python3 - "$work/redacteur.json" "$work/llama-cpp.json" "$work/llama-cpp.peak" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))["speed"]
theirs = json.load(open(sys.argv[2]))
llama_peak = int(open(sys.argv[3]).read()) / 2**20
def key_llama(r):
    test = f"pp{r['n_prompt']}" if r["n_prompt"] else f"tg{r['n_gen']}"
    return (test, r["n_threads"])
llama = {key_llama(r): r for r in theirs}
print("| test | threads | redacteur t/s | llama.cpp t/s | ratio | peak MiB redacteur / llama.cpp |")
print("|---|---|---|---|---|---|")
for r in ours:
    k = (r["test"], r["host"]["threads"])
    l = llama.get(k)
    mine = r["tokens_per_second"]
    if l is None:
        continue
    ratio = mine["mean"] / l["avg_ts"]
    print(f"| {k[0]} | {k[1]} | {mine['mean']:.1f} ± {mine['sd']:.1f} | {l['avg_ts']:.1f} ± {l['stddev_ts']:.1f} "
          f"| {ratio:.2f} | {r['peak_memory_bytes'] / 2**20:.0f} / {llama_peak:.0f} |")
print(f"\nllama.cpp build {theirs[0].get('build_commit', '?')}, redacteur {ours[0]['host']['commit']}, "
      f"CPU {ours[0]['host']['cpu']}")
PY
