//! Damaged and wrong model files given to `redacteur write`: each is a clear error naming the
//! file and what is wrong, before any article work, and the output is left alone.

use std::path::Path;
use std::process::Command;

use crate::{default_gguf, repo_path};

/// `write` with `model`, into an output that already holds a good article.
fn write_with(model: &Path, dir: &Path) -> String {
    let out = dir.join("out.md");
    std::fs::write(&out, "a good article").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_redacteur"))
        .args([
            "write",
            repo_path("examples/velo-lyon.txt").to_str().unwrap(),
        ])
        .arg("-m")
        .arg(model)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        // As many Rust users have it: no backtrace may reach the message for all that.
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let error = stderr
        .lines()
        .skip_while(|l| !l.starts_with("error: "))
        .count();
    assert_eq!(error, 1, "the error is not one line at the end: {stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a good article");
    stderr
}

/// The default GGUF with `from` replaced by `to` (same length) in its header.
fn patched(dir: &Path, name: &str, from: &[u8], to: &[u8]) -> std::path::PathBuf {
    let mut bytes = std::fs::read(default_gguf()).unwrap();
    let header = &bytes[..8 << 20];
    let at = header
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{} not in the header", String::from_utf8_lossy(from)));
    bytes[at..at + to.len()].copy_from_slice(to);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn truncated_garbage_foreign_and_tokenizerless_models_are_named_and_explained() {
    let dir = tempfile::tempdir().unwrap();

    let full = std::fs::read(default_gguf()).unwrap();
    let truncated = dir.path().join("truncated.gguf");
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    let message = write_with(&truncated, dir.path());
    assert!(
        message.contains("truncated.gguf")
            && message.contains("the file is truncated")
            && message.contains(&format!("it has {} bytes", full.len() / 2))
            && message.contains("fetch it again"),
        "{message}"
    );

    // Cut inside the header: candle's reader fails, with a backtrace it captured.
    let cut = dir.path().join("cut.gguf");
    std::fs::write(&cut, &full[..4096]).unwrap();
    let message = write_with(&cut, dir.path());
    assert!(
        message.contains("cut.gguf` is not a readable GGUF file"),
        "{message}"
    );
    drop(full);

    let garbage = dir.path().join("garbage.gguf");
    std::fs::write(&garbage, b"this is not a model at all").unwrap();
    let message = write_with(&garbage, dir.path());
    assert!(
        message.contains("`") && message.contains("garbage.gguf` is not a readable GGUF file"),
        "{message}"
    );

    let foreign = patched(dir.path(), "foreign.gguf", b"gemma3", b"mamba9");
    let message = write_with(&foreign, dir.path());
    assert!(
        message.contains("foreign.gguf")
            && message.contains("architecture `mamba9` is not supported"),
        "{message}"
    );

    let tokenizerless = patched(
        dir.path(),
        "no-tokenizer.gguf",
        b"tokenizer.ggml.tokens",
        b"tokenizer.ggml.tokenX",
    );
    let message = write_with(&tokenizerless, dir.path());
    assert!(
        message.contains("no-tokenizer.gguf")
            && message.contains("carries no tokenizer")
            && message.contains("--tokenizer"),
        "{message}"
    );
}
