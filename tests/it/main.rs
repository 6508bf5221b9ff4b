//! Integration tests: one binary, a module per area. The real default model runs here; it is
//! fetched once into `$REDACTEUR_CACHE` (or the platform cache) and shared by every test.

mod architectures;
mod bad_models;
mod batch;
mod bench;
mod branches;
mod check;
mod download;
mod fake_hub;
mod fuzz_seeds;
mod gguf_python;
mod iq4;
mod library;
mod model;
mod openai;
mod perplexity;
mod python_cache;
mod serve;
mod tokenizer;
mod write;
mod yoast;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, OnceLock};

use redacteur::catalogue::ModelSpec;
use redacteur::hub::{self, FetchConfig};

/// The default model's GGUF, fetched on first use (once per test process).
pub fn default_gguf() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        hub::fetch(
            &ModelSpec::default_model(),
            &FetchConfig::from_env(),
            &mut |m| eprintln!("{m}"),
        )
        .expect("the default model can be fetched")
    })
}

/// Held by every test that keeps all the cores busy (a real model generating, a server
/// answering), so that no two of them share this machine's 2 cores: llama.cpp's and candle's
/// worker threads spin while they wait for one another, and two such tests side by side ran
/// several times slower than one after the other (a batch that writes its first article in
/// about 90 s alone had none after 10 min). A test that failed while holding it does not
/// stop the others.
pub fn all_cores() -> MutexGuard<'static, ()> {
    static CORES: Mutex<()> = Mutex::new(());
    CORES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The reference `tokenizer.json` of the default model.
pub fn reference_tokenizer() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        hub::fetch_tokenizer_json(
            &ModelSpec::default_model(),
            &FetchConfig::from_env(),
            &mut |m| eprintln!("{m}"),
        )
        .expect("the reference tokenizer can be fetched")
    })
}

/// `npm/NAME` in redacteur's cache, with the packages pinned in the repository's `pinned`
/// folder (its `package.json` and `package-lock.json`) installed once by `npm ci`.
pub fn npm_folder(name: &str, pinned: &str) -> PathBuf {
    let dir = redacteur::hub::default_cache_dir().join("npm").join(name);
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path(&format!("{pinned}/package.json"))).unwrap(),
    )
    .unwrap();
    let installed = manifest["dependencies"]
        .as_object()
        .unwrap()
        .keys()
        .all(|package| {
            dir.join("node_modules")
                .join(package)
                .join("package.json")
                .is_file()
        });
    if !installed {
        std::fs::create_dir_all(&dir).unwrap();
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(repo_path(&format!("{pinned}/{file}")), dir.join(file)).unwrap();
        }
        let output = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(&dir)
            .output()
            .expect("npm runs");
        assert!(
            output.status.success(),
            "npm ci in {}: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    dir
}

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The interpreter of a Python virtual environment in redacteur's cache (outside the
/// repository) named `name`, with `requirement` installed once (`env` for pip), ready when
/// `import` imports.
pub fn python_venv(name: &str, requirement: &str, import: &str, env: &[(&str, &str)]) -> PathBuf {
    let venv = redacteur::hub::default_cache_dir().join(name);
    let python = venv.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", &format!("import {import}")])
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        let run = |command: &mut Command| {
            let output = command.output().expect("running python3");
            assert!(
                output.status.success(),
                "{command:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        run(Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", requirement])
            .envs(env.iter().copied()));
    }
    python
}

/// The version of `llama-cpp-python` (and the llama.cpp it vendors) the tests compare with.
const LLAMA_CPP_PYTHON: &str = "0.3.36";

/// llama.cpp is built for this CPU, but without AMX: a guest that the CPU reports AMX to is
/// not always granted it (seen on an Intel Xeon guest: SIGSEGV at `ldtilecfg` on the first
/// completion). GCC's explicit `-mno-*` flags win over `-march=native` whatever their order.
const NO_AMX: &str = "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16";

/// A Python interpreter with llama.cpp's Python binding and its OpenAI-compatible server
/// (`llama_cpp.server`); llama.cpp builds from source the first time: a few minutes.
pub fn llama_cpp_python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        // A new name for the build without AMX, so that a cached build with it is not reused.
        crate::python_venv(
            &format!("python-llama-cpp-server-{LLAMA_CPP_PYTHON}-noamx"),
            &format!("llama-cpp-python[server]=={LLAMA_CPP_PYTHON}"),
            "llama_cpp.server.app",
            &[
                ("CMAKE_BUILD_PARALLEL_LEVEL", "2"),
                // A wheel pip cached from a build on another CPU is native to that CPU.
                ("PIP_NO_CACHE_DIR", "1"),
                (
                    "CMAKE_ARGS",
                    &format!(
                        "-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF \\
                         '-DCMAKE_C_FLAGS={NO_AMX}' '-DCMAKE_CXX_FLAGS={NO_AMX}'"
                    ),
                ),
            ],
        )
    })
}

/// Runs the redacteur binary with `args`, as a user would.
pub fn redacteur(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redacteur"))
        .args(args)
        .output()
        .expect("redacteur runs")
}

/// Asserts that each H2 of the Markdown `lines` has text before the next heading: a
/// section the gate kept nothing of goes with its heading.
pub fn assert_no_heading_over_nothing(lines: &[&str]) {
    for (i, line) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("## "))
    {
        let text = lines[i + 1..]
            .iter()
            .take_while(|l| !l.starts_with("## ") && !l.starts_with("# "))
            .any(|l| !l.trim().is_empty() && !l.starts_with("### "));
        assert!(text, "`{line}` heads nothing in:\n{}", lines.join("\n"));
    }
}
