//! The real download code (hf-hub under `redacteur::hub::fetch`) against a fake hub on
//! loopback that speaks the hub's protocol: `resolve` answers the range probe with a redirect
//! carrying `X-Repo-Commit` and `X-Linked-Etag`, the CDN answers ranges with `Content-Range`;
//! gated repositories want a token; unknown files are 404.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use redacteur::catalogue::ModelSpec;
use redacteur::hub::{self, FetchConfig, HubConfig};
use sha2::{Digest, Sha256};

const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";
const TOKEN: &str = "hf_fake_token";

#[derive(Default)]
struct State {
    /// `(repo, file)` → the bytes served.
    files: HashMap<(String, String), Vec<u8>>,
    gated: Vec<String>,
    /// Cut the next full transfer half way.
    cut_next: bool,
    /// `(path, Range header)` of every request.
    requests: Vec<(String, Option<String>)>,
}

struct FakeHub {
    endpoint: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl FakeHub {
    fn start(state: State) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(state));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (state, stop, endpoint) = (state.clone(), stop.clone(), endpoint.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        let _ = serve(stream, &state, &endpoint);
                    }
                }
            })
        };
        Self {
            endpoint,
            state,
            stop,
            thread: Some(thread),
        }
    }

    fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.endpoint.trim_start_matches("http://"));
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }

    fn requests(&self) -> Vec<(String, Option<String>)> {
        self.state.lock().unwrap().requests.clone()
    }
}

impl Drop for FakeHub {
    fn drop(&mut self) {
        self.stop();
    }
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(String, String)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn serve(mut stream: TcpStream, state: &Mutex<State>, endpoint: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_lowercase(), v.trim().to_string());
        }
    }
    let range = headers.get("range").cloned();
    let mut state = state.lock().unwrap();
    state.requests.push((path.clone(), range.clone()));
    let text = |s: &str| vec![("Content-Length".to_string(), s.len().to_string())];

    if let Some(rest) = path.strip_prefix("/cdn/") {
        let Some(bytes) = state
            .files
            .values()
            .find(|b| sha256_hex(b) == rest)
            .cloned()
        else {
            respond(&mut stream, "404 Not Found", &text(""), b"");
            return Ok(());
        };
        let total = bytes.len();
        let (start, end) = match range.as_deref().and_then(|r| r.strip_prefix("bytes=")) {
            Some(r) => {
                let (a, b) = r.split_once('-').unwrap();
                let a: usize = a.parse().unwrap();
                let b: usize = match b {
                    "" => total - 1,
                    b => b.parse::<usize>().unwrap().min(total - 1),
                };
                (a, b)
            }
            None => (0, total - 1),
        };
        let body = &bytes[start..=end];
        let mut headers = vec![
            ("Content-Length".to_string(), body.len().to_string()),
            (
                "Content-Range".to_string(),
                format!("bytes {start}-{end}/{total}"),
            ),
            ("Accept-Ranges".to_string(), "bytes".to_string()),
        ];
        if body.len() > 1 && state.cut_next {
            state.cut_next = false;
            // Promise the whole body, send half of it, hang up.
            headers[0].1 = body.len().to_string();
            respond(
                &mut stream,
                "206 Partial Content",
                &headers,
                &body[..body.len() / 2],
            );
            let _ = stream.flush();
            return Ok(());
        }
        respond(&mut stream, "206 Partial Content", &headers, body);
        return Ok(());
    }

    // /{owner}/{name}/resolve/{revision}/{file}
    let parts: Vec<&str> = path.trim_start_matches('/').splitn(5, '/').collect();
    if parts.len() != 5 || parts[2] != "resolve" {
        respond(&mut stream, "404 Not Found", &text(""), b"");
        return Ok(());
    }
    let repo = format!("{}/{}", parts[0], parts[1]);
    let file = parts[4].to_string();
    let authorised = headers.get("authorization") == Some(&format!("Bearer {TOKEN}"));
    if state.gated.contains(&repo) && !authorised {
        let body = "Access to this model is restricted.";
        respond(
            &mut stream,
            "401 Unauthorized",
            &text(body),
            body.as_bytes(),
        );
        return Ok(());
    }
    let Some(bytes) = state.files.get(&(repo, file)) else {
        let body = "Entry not found";
        let mut h = text(body);
        h.push(("X-Error-Code".to_string(), "EntryNotFound".to_string()));
        respond(&mut stream, "404 Not Found", &h, body.as_bytes());
        return Ok(());
    };
    let sha = sha256_hex(bytes);
    let headers = vec![
        ("Content-Length".to_string(), "0".to_string()),
        ("Location".to_string(), format!("{endpoint}/cdn/{sha}")),
        ("X-Repo-Commit".to_string(), COMMIT.to_string()),
        ("X-Linked-Etag".to_string(), format!("\"{sha}\"")),
        ("X-Linked-Size".to_string(), bytes.len().to_string()),
        ("ETag".to_string(), "\"pointer-etag\"".to_string()),
    ];
    respond(&mut stream, "302 Found", &headers, b"");
    Ok(())
}

/// A GGUF-sized-ish payload that differs per seed.
fn payload(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| {
            (i as u32)
                .wrapping_mul(2_654_435_761)
                .rotate_left(seed as u32) as u8
        })
        .collect()
}

fn spec(repo: &str, file: &str, bytes: &[u8]) -> ModelSpec {
    let mut spec = ModelSpec::from_hub_file(repo, file);
    spec.sha256 = Some(sha256_hex(bytes));
    spec.size = Some(bytes.len() as u64);
    spec
}

fn config(dir: &Path, endpoint: &str, token: Option<&str>, offline: bool) -> FetchConfig {
    FetchConfig {
        cache_dir: dir.join("redacteur"),
        hub: HubConfig {
            endpoint: endpoint.to_string(),
            cache: dir.join("hf"),
            token: token.map(String::from),
            progress: false,
        },
        offline,
    }
}

fn fetch(spec: &ModelSpec, config: &FetchConfig) -> anyhow::Result<std::path::PathBuf> {
    hub::fetch(spec, config, &mut |_| {})
}

#[test]
fn fresh_download_lands_in_the_python_cache_layout_and_is_found_with_the_hub_stopped() {
    let bytes = payload(1, 300_000);
    let mut state = State::default();
    state.files.insert(
        ("acme/tiny-GGUF".into(), "tiny-Q4_K_M.gguf".into()),
        bytes.clone(),
    );
    let mut server = FakeHub::start(state);
    let dir = tempfile::tempdir().unwrap();
    let spec = spec("acme/tiny-GGUF", "tiny-Q4_K_M.gguf", &bytes);
    let online = config(dir.path(), &server.endpoint, None, false);

    let path = fetch(&spec, &online).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // huggingface_hub's layout: refs/main holds the commit, the snapshot is a relative link
    // to the blob named by its etag (the sha256 for LFS files).
    let repo_dir = dir.path().join("hf/models--acme--tiny-GGUF");
    assert_eq!(
        std::fs::read_to_string(repo_dir.join("refs/main")).unwrap(),
        COMMIT
    );
    let snapshot = repo_dir.join(format!("snapshots/{COMMIT}/tiny-Q4_K_M.gguf"));
    assert_eq!(path, snapshot);
    let link = std::fs::read_link(&snapshot).unwrap();
    assert!(link.is_relative(), "{}", link.display());
    assert_eq!(
        std::fs::canonicalize(&snapshot).unwrap(),
        std::fs::canonicalize(repo_dir.join(format!("blobs/{}", sha256_hex(&bytes)))).unwrap()
    );
    let probes = server.requests();
    assert!(
        probes
            .iter()
            .any(|(p, r)| p.contains("/resolve/main/") && r.as_deref() == Some("bytes=0-0")),
        "{probes:?}"
    );

    server.stop();
    assert_eq!(
        fetch(&spec, &online).unwrap(),
        path,
        "cache hit, hub stopped"
    );
    let offline = config(dir.path(), &server.endpoint, None, true);
    assert_eq!(fetch(&spec, &offline).unwrap(), path, "cache hit, offline");
}

#[test]
fn offline_miss_names_the_repo_the_file_and_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec("acme/absent-GGUF", "absent.gguf", b"x");
    let err = fetch(&spec, &config(dir.path(), "http://127.0.0.1:9", None, true)).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("acme/absent-GGUF")
            && message.contains("absent.gguf")
            && message.contains("redacteur models pull acme/absent-GGUF:absent.gguf"),
        "{message}"
    );
}

#[test]
fn a_transfer_cut_half_way_is_resumed() {
    let bytes = payload(2, 400_000);
    let mut state = State::default();
    state
        .files
        .insert(("acme/cut-GGUF".into(), "cut.gguf".into()), bytes.clone());
    state.cut_next = true;
    let server = FakeHub::start(state);
    let dir = tempfile::tempdir().unwrap();
    let spec = spec("acme/cut-GGUF", "cut.gguf", &bytes);
    let online = config(dir.path(), &server.endpoint, None, false);

    let err = fetch(&spec, &online).unwrap_err();
    let partial = dir.path().join(format!(
        "hf/models--acme--cut-GGUF/blobs/{}.part",
        sha256_hex(&bytes)
    ));
    let kept = std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
    assert!(
        kept > 0 && kept < bytes.len() as u64,
        "{kept} bytes kept; {err:#}"
    );

    let path = fetch(&spec, &online).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let resumed = format!("bytes={kept}-");
    assert!(
        server
            .requests()
            .iter()
            .any(|(_, r)| r.as_deref() == Some(resumed.as_str())),
        "no request resumed at {kept}: {:?}",
        server.requests()
    );
}

#[test]
fn corrupted_content_is_rejected_and_not_used_again() {
    let good = payload(3, 100_000);
    let mut bad = good.clone();
    bad[50_000] ^= 0xff;
    let mut state = State::default();
    state
        .files
        .insert(("acme/bad-GGUF".into(), "bad.gguf".into()), bad);
    let server = FakeHub::start(state);
    let dir = tempfile::tempdir().unwrap();
    let spec = spec("acme/bad-GGUF", "bad.gguf", &good);
    let online = config(dir.path(), &server.endpoint, None, false);

    let message = format!("{:#}", fetch(&spec, &online).unwrap_err());
    assert!(
        message.contains("sha256") && message.contains("corrupt") && message.contains("bad.gguf"),
        "{message}"
    );
    let offline = config(dir.path(), &server.endpoint, None, true);
    let message = format!("{:#}", fetch(&spec, &offline).unwrap_err());
    assert!(
        message.contains("offline"),
        "the bad file was kept: {message}"
    );
    let blobs = dir.path().join("hf/models--acme--bad-GGUF/blobs");
    let left: Vec<_> = std::fs::read_dir(blobs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| !name.ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_gated_repo_wants_a_token() {
    let bytes = payload(4, 50_000);
    let mut state = State::default();
    state.files.insert(
        ("acme/gated-GGUF".into(), "gated.gguf".into()),
        bytes.clone(),
    );
    state.gated.push("acme/gated-GGUF".into());
    let server = FakeHub::start(state);
    let dir = tempfile::tempdir().unwrap();
    let spec = spec("acme/gated-GGUF", "gated.gguf", &bytes);

    let err = fetch(&spec, &config(dir.path(), &server.endpoint, None, false)).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("acme/gated-GGUF")
            && message.contains("401")
            && message.contains("HF_TOKEN"),
        "{message}"
    );
    let with_token = config(dir.path(), &server.endpoint, Some(TOKEN), false);
    assert_eq!(
        std::fs::read(fetch(&spec, &with_token).unwrap()).unwrap(),
        bytes
    );

    // The same through the command line, the token from HF_TOKEN, then from the token file.
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let pull = |vars: &[(&str, &str)]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_redacteur"))
            .args(["models", "pull", "acme/gated-GGUF:gated.gguf"])
            .env_remove("HF_TOKEN")
            .env_remove("HF_HUB_CACHE")
            .env_remove("HF_HUB_OFFLINE")
            .env("HF_ENDPOINT", &server.endpoint)
            .env("HF_HOME", &home)
            .envs(vars.iter().copied())
            .output()
            .unwrap()
    };
    let refused = pull(&[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("gated"));
    let pulled = pull(&[("HF_TOKEN", TOKEN)]);
    assert!(
        pulled.status.success(),
        "{}",
        String::from_utf8_lossy(&pulled.stderr)
    );
    let path = String::from_utf8_lossy(&pulled.stdout).trim().to_string();
    assert!(
        path.starts_with(home.join("hub").to_str().unwrap()),
        "{path}"
    );
    std::fs::remove_dir_all(home.join("hub")).unwrap();
    std::fs::write(home.join("token"), format!("{TOKEN}\n")).unwrap();
    let pulled = pull(&[]);
    assert!(
        pulled.status.success(),
        "{}",
        String::from_utf8_lossy(&pulled.stderr)
    );
}

#[test]
fn a_missing_file_is_a_404_naming_it() {
    let server = FakeHub::start(State::default());
    let dir = tempfile::tempdir().unwrap();
    let spec = spec("acme/empty-GGUF", "nothing.gguf", b"x");
    let err = fetch(&spec, &config(dir.path(), &server.endpoint, None, false)).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("nothing.gguf")
            && message.contains("acme/empty-GGUF")
            && message.contains("404"),
        "{message}"
    );
}

/// The environment as `huggingface_hub` reads it.
#[test]
fn hub_settings_come_from_the_environment_like_huggingface_hub() {
    let read = |vars: &[(&str, &str)]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_redacteur"))
            .args(["models", "path", "acme/none-GGUF:none.gguf"])
            .env_remove("HF_HUB_CACHE")
            .env_remove("HF_HOME")
            .envs(vars.iter().copied())
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stderr).to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let message = read(&[("HF_HOME", home.to_str().unwrap())]);
    assert!(
        message.contains(&format!("{}/hub", home.display())),
        "{message}"
    );
    let cache = dir.path().join("elsewhere");
    let message = read(&[
        ("HF_HOME", home.to_str().unwrap()),
        ("HF_HUB_CACHE", cache.to_str().unwrap()),
    ]);
    assert!(message.contains(cache.to_str().unwrap()), "{message}");
}
