//! The cache is shared with Python's `huggingface_hub`: what redacteur downloads, Python finds
//! (`try_to_load_from_cache`), and what Python downloads (`hf_hub_download`, from the same
//! fake hub), redacteur finds offline. Python's library is installed once into a virtual
//! environment in redacteur's cache, outside the repository.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::fake_hub::{config, fetch, payload, spec, FakeHub, State};

/// The version of `huggingface_hub` the test runs against.
const HUGGINGFACE_HUB: &str = "2.4.0";

/// A Python interpreter with `huggingface_hub` importable.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        crate::python_venv(
            &format!("python-huggingface-hub-{HUGGINGFACE_HUB}"),
            &format!("huggingface_hub=={HUGGINGFACE_HUB}"),
            "huggingface_hub",
            &[],
        )
    })
}

fn run_python(script: &str, endpoint: &str) -> String {
    let output = Command::new(python())
        .args(["-c", script])
        .env("HF_ENDPOINT", endpoint)
        .env("HF_HUB_DISABLE_TELEMETRY", "1")
        .env("HF_HUB_DISABLE_XET", "1")
        .env_remove("HF_HUB_OFFLINE")
        .env_remove("HF_TOKEN")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

#[test]
fn python_finds_what_redacteur_downloads_and_the_other_way_round() {
    let ours = payload(5, 120_000);
    let theirs = payload(6, 80_000);
    let mut state = State::default();
    state
        .files
        .insert(("acme/ours-GGUF".into(), "ours.gguf".into()), ours.clone());
    state.files.insert(
        ("acme/theirs-GGUF".into(), "theirs.gguf".into()),
        theirs.clone(),
    );
    let server = FakeHub::start(state);
    let dir = tempfile::tempdir().unwrap();
    let hf = dir.path().join("hf");

    let path = fetch(
        &spec("acme/ours-GGUF", "ours.gguf", &ours),
        &config(dir.path(), &server.endpoint, None, false),
    )
    .unwrap();
    let found = run_python(
        &format!(
            "from huggingface_hub import try_to_load_from_cache\n\
             print(try_to_load_from_cache('acme/ours-GGUF', 'ours.gguf', cache_dir={:?}))",
            hf.display().to_string()
        ),
        &server.endpoint,
    );
    assert_eq!(PathBuf::from(found), path);

    let downloaded = run_python(
        &format!(
            "from huggingface_hub import hf_hub_download\n\
             print(hf_hub_download('acme/theirs-GGUF', 'theirs.gguf', cache_dir={:?}))",
            hf.display().to_string()
        ),
        &server.endpoint,
    );
    let offline = config(dir.path(), &server.endpoint, None, true);
    let path = fetch(&spec("acme/theirs-GGUF", "theirs.gguf", &theirs), &offline).unwrap();
    assert_eq!(path, PathBuf::from(downloaded));
    assert_eq!(std::fs::read(path).unwrap(), theirs);
}
