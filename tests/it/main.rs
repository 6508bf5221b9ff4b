//! Integration tests: one binary, a module per area. The real default model runs here; it is
//! fetched once into `$REDACTEUR_CACHE` (or the platform cache) and shared by every test.

mod check;
mod model;
mod write;

use std::path::PathBuf;
use std::sync::OnceLock;

use redacteur::catalogue::ModelSpec;
use redacteur::hub::{self, FetchConfig, ModelFiles};

/// The default model's files, fetched on first use (once per test process).
pub fn model_files() -> &'static ModelFiles {
    static FILES: OnceLock<ModelFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        hub::fetch(
            &ModelSpec::default_model(),
            &FetchConfig::from_env(),
            &mut |m| eprintln!("{m}"),
        )
        .expect("the default model can be fetched")
    })
}

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}
