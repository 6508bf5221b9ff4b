#!/usr/bin/env bash
# The GPU figures of BENCHMARKS.md, on a machine with an NVIDIA GPU: the GPU and driver, then
# `bench` (pp512, tg128) on CUDA and on the CPU side by side, then `write` of a source article
# on CUDA with its time, memory and check score. Needs no Rust: give it the binary that
# scripts/build-cuda.sh built (it can be copied to the GPU machine with this script).
#
#   scripts/gpu-figures.sh [BINARY] [SOURCE] [OUT_DIR]
#     BINARY   [target/cuda/release/redacteur]
#     SOURCE   the article to write [../shared/seed/*, else examples/velo-lyon.txt]
#     OUT_DIR  where the article and logs go [gpu-figures/]
#
# The default model must be in the cache (REDACTEUR_CACHE or the Hugging Face cache): it runs
# offline. The CUDA 13 libraries the binary needs (libcudart, libcublas, libcublasLt,
# libcurand, libnvrtc) are looked for in Python's nvidia packages when the library path lacks
# them.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/target/cuda/release/redacteur}"
source="${2:-$(ls "$here"/../shared/seed/* 2>/dev/null | head -1 || true)}"
source="${source:-$here/examples/velo-lyon.txt}"
out="${3:-gpu-figures}"
mkdir -p "$out"

# CUDA libraries from pip's nvidia-* packages (PyTorch's, say), where the system has none.
if ! ldconfig -p | grep -q libcublas.so.13; then
    for dir in $(python3 -c 'import nvidia, os; [print(os.path.join(p, d, "lib")) for p in nvidia.__path__ for d in os.listdir(p)]' 2>/dev/null); do
        [ -d "$dir" ] && LD_LIBRARY_PATH="$dir:${LD_LIBRARY_PATH:-}"
    done
    export LD_LIBRARY_PATH
fi
if ldd "$bin" | grep "not found"; then
    echo "the libraries above are missing: install the CUDA 13 runtime, cuBLAS, cuRAND and NVRTC" >&2
    exit 1
fi

{
    echo "## GPU figures, $(date -u +%Y-%m-%d)"
    nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader
    echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores"
    echo
    echo "### bench (pp512, tg128; mean of 3 after a warmup)"
    "$bin" bench --offline --device cuda -p 512 -n 128 -r 3 || echo "bench on cuda: exit $?"
    "$bin" bench --offline --device cpu -p 512 -n 128 -r 3 || echo "bench on cpu: exit $?"
} 2>&1 | tee "$out/bench.md"

# The GPU's memory in use, sampled every 200 ms while `write` runs (its own stats line gives
# the wall time and the process's peak memory on the host); WRITE_LIMIT seconds at most.
echo "### write $(basename "$source") on CUDA" | tee "$out/write.log"
nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >"$out/gpu-memory.txt" &
sampler=$!
status=0
timeout "${WRITE_LIMIT:-600}" "$bin" write "$source" --offline --device cuda -o "$out/article.md" \
    --force --trace "$out/trace.jsonl" 2>&1 | tee -a "$out/write.log" || status=$?
kill "$sampler" 2>/dev/null || true
echo "GPU memory used, peak: $(sort -n "$out/gpu-memory.txt" | tail -1) MiB (exit $status)" |
    tee -a "$out/write.log"
"$bin" check "$out/article.md" --source "$source" | tee -a "$out/write.log" || true
