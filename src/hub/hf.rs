//! The Hugging Face side: where Python's `huggingface_hub` keeps its cache and token, and
//! downloads through `hf-hub` into that same cache (resumed from a `.part` file when cut).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::catalogue::ModelSpec;

/// Where the hub is and how to talk to it, as `huggingface_hub` reads it from the environment.
#[derive(Debug, Clone, PartialEq)]
pub struct HubConfig {
    /// `HF_ENDPOINT`, else the public hub.
    pub endpoint: String,
    /// `HF_HUB_CACHE`, else `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else
    /// `~/.cache/huggingface/hub`.
    pub cache: PathBuf,
    /// `HF_TOKEN`, else the token file (`HF_TOKEN_PATH`, else `$HF_HOME/token`).
    pub token: Option<String>,
    /// Draw a progress bar on stderr while downloading.
    pub progress: bool,
}

impl HubConfig {
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let home = var("HF_HOME").map(PathBuf::from).unwrap_or_else(|| {
            var("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| dirs::home_dir().map(|h| h.join(".cache")))
                .unwrap_or_else(std::env::temp_dir)
                .join("huggingface")
        });
        let cache = var("HF_HUB_CACHE")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join("hub"));
        let token_file = var("HF_TOKEN_PATH")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join("token"));
        let token = std::env::var("HF_TOKEN")
            .ok()
            .or_else(|| std::fs::read_to_string(token_file).ok())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        Self {
            endpoint: std::env::var("HF_ENDPOINT")
                .ok()
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| "https://huggingface.co".to_string())
                .trim_end_matches('/')
                .to_string(),
            cache,
            token,
            progress: true,
        }
    }
}

fn repo(spec: &ModelSpec) -> hf_hub::Repo {
    hf_hub::Repo::with_revision(
        spec.repo.clone(),
        hf_hub::RepoType::Model,
        spec.revision.clone(),
    )
}

/// The snapshot path of `spec`'s file in the cache, when it is there.
pub fn cached(spec: &ModelSpec, config: &HubConfig) -> Option<PathBuf> {
    hf_hub::Cache::new(config.cache.clone())
        .repo(repo(spec))
        .get(&spec.file)
}

/// Why a download failed, for the callers that branch on it.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// 401/403: a gated or private repository and no (or a refused) token.
    #[error(
        "`{repo}` refused access ({status}): it is gated or private; accept its licence on the \
         hub and set HF_TOKEN (or log in with `huggingface-cli login`)"
    )]
    Unauthorized { repo: String, status: u16 },
    /// 404: no such repository, revision or file.
    #[error("`{file}` was not found in `{repo}` at revision `{revision}` (404)")]
    NotFound {
        repo: String,
        file: String,
        revision: String,
    },
    /// Anything else: the network, the server, the disk.
    #[error("downloading `{file}` from `{repo}`: {message}")]
    Other {
        repo: String,
        file: String,
        message: String,
    },
}

/// Downloads `spec`'s file into the cache; a `.part` left by a cut transfer is resumed.
pub fn download(spec: &ModelSpec, config: &HubConfig) -> Result<PathBuf, DownloadError> {
    let api = hf_hub::api::sync::ApiBuilder::from_cache(hf_hub::Cache::new(config.cache.clone()))
        .with_endpoint(config.endpoint.clone())
        .with_token(config.token.clone())
        .with_progress(config.progress)
        .build()
        .map_err(|e| other(spec, e.to_string()))?;
    api.repo(repo(spec))
        .download(&spec.file)
        .map_err(|e| classify(spec, e))
}

fn other(spec: &ModelSpec, message: String) -> DownloadError {
    DownloadError::Other {
        repo: spec.repo.clone(),
        file: spec.file.clone(),
        message,
    }
}

fn classify(spec: &ModelSpec, error: hf_hub::api::sync::ApiError) -> DownloadError {
    if let hf_hub::api::sync::ApiError::RequestError(boxed) = &error {
        if let ureq::Error::Status(status, _) = boxed.as_ref() {
            match status {
                401 | 403 => {
                    return DownloadError::Unauthorized {
                        repo: spec.repo.clone(),
                        status: *status,
                    }
                }
                404 => {
                    return DownloadError::NotFound {
                        repo: spec.repo.clone(),
                        file: spec.file.clone(),
                        revision: spec.revision.clone(),
                    }
                }
                _ => {}
            }
        }
    }
    other(spec, error.to_string())
}

/// Removes a cached file that failed its checksum: the snapshot link and the blob it points
/// to, so that the next run downloads it again instead of using it.
pub fn evict(snapshot: &Path) -> Result<()> {
    let blob = std::fs::canonicalize(snapshot)
        .with_context(|| format!("resolving `{}`", snapshot.display()))?;
    std::fs::remove_file(snapshot).with_context(|| format!("removing `{}`", snapshot.display()))?;
    if blob != snapshot {
        std::fs::remove_file(&blob).with_context(|| format!("removing `{}`", blob.display()))?;
    }
    Ok(())
}
