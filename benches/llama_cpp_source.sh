# Sourced by the llama.cpp scripts: unpacks llama.cpp from the source package of
# llama-cpp-python (which vendors it) into $work, outside the repository, and sets $src.
python_package=llama_cpp_python-0.3.36
mkdir -p "$work"
if [ ! -d "$work/$python_package" ]; then
  (cd "$work" && python3 -m pip download --no-deps --no-binary llama-cpp-python -d . llama-cpp-python==0.3.36 \
    && tar xzf "$python_package.tar.gz")
fi
src="$work/$python_package/vendor/llama.cpp"

# build_llama_cpp TARGET: configures (native, no curl) and builds one llama.cpp tool in
# "$src/build".
build_llama_cpp() {
  cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF >/dev/null
  cmake --build "$src/build" -j"$(nproc)" --target "$1" >/dev/null
}
