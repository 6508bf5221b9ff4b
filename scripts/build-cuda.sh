#!/usr/bin/env bash
# Builds redacteur with CUDA on a machine that has no CUDA toolkit (and needs no GPU):
# NVIDIA's compiler, headers and runtime come from PyPI's CUDA 13.0 packages (the CUDA of
# driver 580 and later) into a folder outside the clone; then cargo builds with `--features
# cuda` into target/cuda/.
#
#   scripts/build-cuda.sh           release build: target/cuda/release/redacteur
#   scripts/build-cuda.sh check     compile everything, CUDA kernels included, without linking
#                                   (what CI runs, so that the CUDA build never rots), in
#                                   cargo's target directory
#   scripts/build-cuda.sh env       print the exports, to run cargo yourself: eval "$(… env)"
#
# Environment:
#   CUDA_COMPUTE_CAP    GPU generation the kernels are compiled for: 90 (H100, H200; the
#                       default when there is no nvidia-smi to ask), 80 (A100), 86 (RTX 30xx),
#                       89 (RTX 40xx, L4), 120 (RTX 50xx). With nvidia-smi, it asks the GPU.
#   REDACTEUR_CUDA_DIR  where the toolkit goes [~/.cache/redacteur/cuda-13.0]
#
# The binary links against libcuda.so.1 (the driver), libcudart.so.13, libcublas.so.13,
# libcublasLt.so.13, libcurand.so.10 and libnvrtc.so.13: the machine that runs it needs the
# NVIDIA driver and those CUDA 13 libraries (PyPI: nvidia-cuda-runtime, nvidia-cublas,
# nvidia-curand, nvidia-cuda-nvrtc) on its library path. Here they are linked against stubs
# generated from cudarc's declarations, as NVIDIA's own toolkit links against a stub driver.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-build}"
version=13.0
dir="${REDACTEUR_CUDA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/redacteur/cuda-$version}"
root="$dir/nvidia/cu13"
packages=(
    nvidia-cuda-nvcc==13.0.88   # nvcc, ptxas, fatbinary
    nvidia-cuda-crt==13.0.88    # nvcc's crt headers
    nvidia-nvvm==13.0.88        # cicc, libdevice
    nvidia-cuda-runtime==13.0.96 # cuda_runtime.h, cuda_fp16.h, libcudart
    nvidia-cuda-cccl==13.0.85   # CUB / libcu++ headers
)

install_toolkit() {
    [ -f "$dir/.complete" ] && [ -x "$root/bin/nvcc" ] && return
    echo "installing NVIDIA's CUDA $version compiler from PyPI into $dir" >&2
    rm -rf "$dir"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --no-compile \
        --target "$dir" "${packages[@]}"
    # The linker asks for libcudart.so; cudarc looks in lib64/.
    ln -sf libcudart.so.13 "$root/lib/libcudart.so"
    ln -sfn lib "$root/lib64"
    touch "$dir/.complete"
}

# Link stubs for the libraries candle links against and the toolkit packages leave out: every
# function cudarc declares, empty, in a library with the real one's soname.
make_stubs() {
    # In lib/ itself, where the linker already looks (cudarc's build script lists lib/stubs only
    # if it existed when that script first ran).
    local stubs="$root/lib" cudarc
    [ -f "$stubs/.stubs-complete" ] && return
    cargo fetch --locked --quiet
    local version
    version="$(grep -A1 '^name = "cudarc"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')"
    cudarc="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/cudarc-"$version" | head -1)"
    mkdir -p "$stubs"
    local lib soname module pattern
    while read -r lib soname module pattern; do
        grep -ohP '^\s+(pub )?fn \K'"$pattern"'\w*(?=\()' "$cudarc/src/$module/sys/mod.rs" |
            sort -u | sed 's/.*/void &(void) {}/' >"$stubs/$lib.c"
        cc -shared -fPIC -Wl,-soname,"$soname" -o "$stubs/lib$lib.so" "$stubs/$lib.c"
    done <<'EOF'
cuda libcuda.so.1 driver cu[A-Z]
nvrtc libnvrtc.so.13 nvrtc nvrtc
curand libcurand.so.10 curand curand
cublas libcublas.so.13 cublas cublas
cublasLt libcublasLt.so.13 cublaslt cublasLt
EOF
    touch "$stubs/.stubs-complete"
}

install_toolkit
export CUDA_HOME="$root" CUDA_PATH="$root" NVCC="$root/bin/nvcc" PATH="$root/bin:$PATH"
if ! command -v nvidia-smi >/dev/null 2>&1; then
    export CUDA_COMPUTE_CAP="${CUDA_COMPUTE_CAP:-90}"
fi
# cudaforge compiles the kernels on half the cores unless told.
export CUDAFORGE_THREADS="${CUDAFORGE_THREADS:-$(nproc)}"

case "$mode" in
env)
    printf 'export CUDA_HOME=%q CUDA_PATH=%q NVCC=%q PATH=%q CUDA_COMPUTE_CAP=%q\n' \
        "$CUDA_HOME" "$CUDA_PATH" "$NVCC" "$PATH" "${CUDA_COMPUTE_CAP:-}"
    ;;
check)
    "$NVCC" --version | tail -1 >&2
    # In cargo's own target directory (CI's cached one): a check links no binary, so none of
    # the CPU build's is replaced, and the build scripts and procedural macros that build
    # already compiled (ring's and oniguruma's C among them) are not compiled again.
    cargo check --release --locked --features cuda
    ;;
build)
    "$NVCC" --version | tail -1 >&2
    make_stubs
    cargo build --release --locked --features cuda --target-dir target/cuda
    echo "built target/cuda/release/redacteur (kernels for compute capability ${CUDA_COMPUTE_CAP:-of this GPU})" >&2
    ;;
*)
    echo "usage: $0 [build|check|env]" >&2
    exit 2
    ;;
esac
