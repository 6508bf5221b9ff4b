# Sourced by the llama.cpp scripts: unpacks llama.cpp from the source package of
# llama-cpp-python (which vendors it) into $work, outside the repository, and sets $src.
# cmake comes from PyPI into "$work/cmake-venv" when the machine has none.
: "${work:?the sourcing script sets \$work, the folder outside the repository}"
python_package=llama_cpp_python-0.3.36
mkdir -p "$work"
if [ ! -d "$work/$python_package" ]; then
  # On stderr: the scripts' stdout is their report.
  (cd "$work" && python3 -m pip download --no-deps --no-binary llama-cpp-python -d . llama-cpp-python==0.3.36 \
    && tar xzf "$python_package.tar.gz") >&2
fi
src="$work/$python_package/vendor/llama.cpp"

if ! command -v cmake >/dev/null; then
  if [ ! -x "$work/cmake-venv/bin/cmake" ]; then
    python3 -m venv "$work/cmake-venv" >&2
    "$work/cmake-venv/bin/pip" install --quiet cmake >&2
  fi
  export PATH="$work/cmake-venv/bin:$PATH"
fi

# Native, but never AMX: a guest the CPU reports AMX to is not always granted it (an Intel
# Xeon guest died of SIGILL in ggml's AMX kernels). GCC's explicit -mno-* flags win over
# -march=native.
no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
llama_cmake_flags=(-DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF
  "-DCMAKE_C_FLAGS=$no_amx" "-DCMAKE_CXX_FLAGS=$no_amx")

# build_llama_cpp TARGET: configures and builds one llama.cpp tool in "$src/build".
build_llama_cpp() {
  cmake -S "$src" -B "$src/build" "${llama_cmake_flags[@]}" >/dev/null
  cmake --build "$src/build" -j"$(nproc)" --target "$1" >/dev/null
}

# The CPU's name, printed beside every comparison: figures differ from one host to another.
cpu_name() {
  local field
  field() { grep -m1 "^$1" /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'; }
  echo "$(field 'model name') (family $(field 'cpu family'), model $(field 'model'), $(nproc) cores)"
}
