//! Integration tests: one binary, a module per area. The real default model runs here; it is
//! fetched once into `$REDACTEUR_CACHE` (or the platform cache) and shared by every test.

mod architectures;
mod bad_models;
mod batch;
mod bench;
mod check;
mod download;
mod fake_hub;
mod fuzz_seeds;
mod model;
mod openai;
mod perplexity;
mod python_cache;
mod tokenizer;
mod write;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}
