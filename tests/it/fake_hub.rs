//! A fake Hugging Face hub on loopback that speaks the hub's HTTP protocol: `resolve` answers
//! (GET range probe or HEAD) with a redirect carrying `X-Repo-Commit`, `X-Linked-Etag` and
//! `X-Linked-Size`; the CDN answers ranges with `Content-Range`; gated repositories want a
//! token; unknown files are 404. It can cut a transfer half way.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use redacteur::catalogue::ModelSpec;
use redacteur::hub::{FetchConfig, HubConfig};
use sha2::{Digest, Sha256};

pub const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";
pub const TOKEN: &str = "hf_fake_token";

thread_local! {
    /// Whether the request being answered is a HEAD (headers only).
    static HEAD_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[derive(Default)]
pub struct State {
    /// `(repo, file)` → the bytes served.
    pub files: HashMap<(String, String), Vec<u8>>,
    pub gated: Vec<String>,
    /// Cut the next full transfer half way.
    pub cut_next: bool,
    /// Wait this long before sending a file's bytes (transfers that overlap).
    pub slow_body: Option<std::time::Duration>,
    /// `(path, Range header)` of every request.
    pub requests: Vec<(String, Option<String>)>,
}

pub struct FakeHub {
    pub endpoint: String,
    cdn_endpoint: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl FakeHub {
    /// Starts the hub and its CDN, each on its own loopback port (another origin, as the real
    /// CDN is: clients take the file's metadata from the redirect and do not follow it there).
    pub fn start(state: State) -> Self {
        let hub = TcpListener::bind("127.0.0.1:0").unwrap();
        let cdn = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", hub.local_addr().unwrap());
        let cdn_endpoint = format!("http://{}", cdn.local_addr().unwrap());
        let state = Arc::new(Mutex::new(state));
        let stop = Arc::new(AtomicBool::new(false));
        let threads = [hub, cdn]
            .into_iter()
            .map(|listener| {
                let (state, stop, cdn) = (state.clone(), stop.clone(), cdn_endpoint.clone());
                std::thread::spawn(move || {
                    for stream in listener.incoming() {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        if let Ok(stream) = stream {
                            let _ = serve(stream, &state, &cdn);
                        }
                    }
                })
            })
            .collect();
        Self {
            endpoint,
            cdn_endpoint,
            state,
            stop,
            threads,
        }
    }

    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for endpoint in [&self.endpoint, &self.cdn_endpoint] {
            let _ = TcpStream::connect(endpoint.trim_start_matches("http://"));
        }
        for thread in self.threads.drain(..) {
            thread.join().unwrap();
        }
    }

    pub fn requests(&self) -> Vec<(String, Option<String>)> {
        self.state.lock().unwrap().requests.clone()
    }
}

impl Drop for FakeHub {
    fn drop(&mut self) {
        self.stop();
    }
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(String, String)], body: &[u8]) {
    let head_only = HEAD_ONLY.with(|h| h.get());
    let body = if head_only { &[][..] } else { body };
    let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn serve(mut stream: TcpStream, state: &Mutex<State>, cdn: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or("GET").to_string();
    HEAD_ONLY.with(|h| h.set(method == "HEAD"));
    let path = words.next().unwrap_or("/").to_string();
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
        let status = match range {
            Some(_) => "206 Partial Content",
            None => "200 OK",
        };
        if let Some(delay) = state.slow_body.filter(|_| body.len() > 1) {
            drop(state);
            std::thread::sleep(delay);
        }
        respond(&mut stream, status, &headers, body);
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
        ("Location".to_string(), format!("{cdn}/cdn/{sha}")),
        ("X-Repo-Commit".to_string(), COMMIT.to_string()),
        ("X-Linked-Etag".to_string(), format!("\"{sha}\"")),
        ("X-Linked-Size".to_string(), bytes.len().to_string()),
        ("ETag".to_string(), "\"pointer-etag\"".to_string()),
    ];
    respond(&mut stream, "302 Found", &headers, b"");
    Ok(())
}

/// A GGUF-sized-ish payload that differs per seed.
pub fn payload(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| {
            (i as u32)
                .wrapping_mul(2_654_435_761)
                .rotate_left(seed as u32) as u8
        })
        .collect()
}

pub fn spec(repo: &str, file: &str, bytes: &[u8]) -> ModelSpec {
    let mut spec = ModelSpec::from_hub_file(repo, file);
    spec.sha256 = Some(sha256_hex(bytes));
    spec.size = Some(bytes.len() as u64);
    spec
}

pub fn config(dir: &Path, endpoint: &str, token: Option<&str>, offline: bool) -> FetchConfig {
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

pub fn fetch(spec: &ModelSpec, config: &FetchConfig) -> anyhow::Result<std::path::PathBuf> {
    redacteur::hub::fetch(spec, config, &mut |_| {})
}
