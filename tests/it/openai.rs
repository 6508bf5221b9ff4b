//! `--backend openai` against a real OpenAI-compatible server on loopback: llama.cpp's, from
//! PyPI's `llama-cpp-python[server]` (built once into a virtual environment in redacteur's
//! cache, outside the repository), serving the default GGUF. The same source gives a valid
//! article through both backends; a server killed in the middle of a batch loses nothing, and
//! the batch completes when it is back; the concurrency bench reports each job count.

use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::{default_gguf, redacteur, repo_path};

/// llama.cpp's OpenAI-compatible server on a loopback port, stopped when dropped. Its output
/// goes to a log file, so that a test can say why it died.
struct Server {
    child: Child,
    port: u16,
    log: tempfile::NamedTempFile,
}

impl Server {
    fn start(port: u16) -> Self {
        Self::start_with_key(port, None)
    }

    /// With `key`, the server answers only requests that carry it.
    fn start_with_key(port: u16, key: Option<&str>) -> Self {
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut command = Command::new(crate::llama_cpp_python());
        command.args(["-m", "llama_cpp.server"]);
        if let Some(key) = key {
            command.args(["--api_key", key]);
        }
        let child = command
            .arg("--model")
            .arg(default_gguf())
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            // One request at a time, none cutting another short; 2 threads as here.
            .args(["--n_ctx", "4096", "--n_threads", "2"])
            .args(["--interrupt_requests", "False"])
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .expect("starting llama_cpp.server");
        let mut server = Self { child, port, log };
        let started = Instant::now();
        // Up once it answers, a refusal for want of the key included.
        while let Err(ureq::Error::Transport(_)) =
            ureq::get(&format!("http://127.0.0.1:{port}/v1/models")).call()
        {
            if server.child.try_wait().unwrap().is_some() {
                panic!(
                    "llama_cpp.server ended before answering: {}",
                    server.health()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "llama_cpp.server did not answer in 2 minutes"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
        server
    }

    /// Whether the server still runs, or how it ended (exit status or signal), with the last
    /// lines of its log: what a failed request is to be read beside.
    fn health(&mut self) -> String {
        let state = match self.child.try_wait().unwrap() {
            None => return "the server is still running".into(),
            Some(status) => status,
        };
        let log = std::fs::read_to_string(self.log.path()).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        format!("llama_cpp.server ended ({state}); the last lines of its log:\n{tail}")
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// Kills the server at once, as a crash would.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Shorter articles than the default, the same pipeline.
/// The notes writer: these tests are about the backend, and the rewrite's candidates run one
/// after the other over a server (no branches), several times the requests. Two subheadings:
/// at 120 words the notes writer's third section is at the gate's mercy (at stop 72 the gate
/// refused « le secteur vélo est très attendu » and « ont décidé de faire venir leurs
/// clients », rightly, and velo's second section went), and the backend is what is tested.
const QUICK: &[&str] = &[
    "--min-words",
    "120",
    "--min-sections",
    "2",
    "--no-repair",
    "--date",
    "2026-11-25",
    "--method",
    "notes",
];

#[test]
fn the_same_source_gives_a_valid_article_through_both_backends() {
    let _cores = crate::all_cores();
    let server = Server::start(free_port());
    let endpoint = server.endpoint();
    let dir = tempfile::tempdir().unwrap();
    let source = repo_path("examples/velo-lyon.txt");
    for backend in ["local", "openai"] {
        let out = dir.path().join(format!("{backend}.md"));
        let mut args = vec![
            "write",
            source.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--backend",
            backend,
            "--endpoint",
            &endpoint,
        ];
        args.extend(QUICK);
        let output = redacteur(&args);
        let log = stderr(&output);
        assert!(output.status.success(), "{backend}: {log}");
        if backend == "openai" {
            assert!(log.contains("on the server at `http://127.0.0.1:"), "{log}");
        }
        // Valid by the same checks `write` applies: the structure and no invention.
        let check = Command::new(env!("CARGO_BIN_EXE_redacteur"))
            .args(["check", out.to_str().unwrap(), "--source"])
            .arg(&source)
            .args(["--format", "json", "--min-sections", "2"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        let rule = |id: &str| {
            report["report"]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["rule"] == id)
                .unwrap_or_else(|| panic!("no rule {id}: {report:#}"))["status"]
                == "ok"
        };
        for id in [
            "single-h1",
            "subheadings",
            "language",
            "invented-figures",
            "repeated-sentences",
        ] {
            assert!(rule(id), "{backend}: rule {id} fails:\n{report:#}");
        }
        let article = std::fs::read_to_string(&out).unwrap();
        assert!(article.starts_with("---\ntitle: "), "{backend}: {article}");
    }
}

#[test]
fn a_server_killed_in_the_middle_of_a_batch_loses_nothing_and_the_rerun_completes() {
    let _cores = crate::all_cores();
    let port = free_port();
    let server = Server::start(port);
    let endpoint = server.endpoint();
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    // Two inputs, both in flight at once: the kill finds one written and one cut short, and
    // the rerun writes that one alone (a third input took the test from about 4 to 10 min:
    // the server holds one prompt, and two articles at once prefill theirs in turn).
    for name in ["velo-lyon.txt", "hopital-clermont.txt"] {
        std::fs::copy(repo_path(&format!("examples/{name}")), inputs.join(name)).unwrap();
    }
    let out = dir.path().join("out");
    let batch = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_redacteur"));
        command
            .args(["write", inputs.to_str().unwrap(), "--out-dir"])
            .arg(&out)
            .args(["--backend", "openai", "--endpoint", &endpoint])
            .args(["--jobs", "2", "--retries", "1", "--timeout", "30"])
            .args(QUICK);
        command
    };

    // Kill the server once the first article is written, while the other is in flight.
    // Its log goes to a file: a pipe nobody reads while it runs could fill and stall it.
    let log_path = dir.path().join("batch.log");
    let mut child = batch()
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let written = || {
        std::fs::read_dir(&out).map_or(0, |d| {
            d.filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "md")
            })
            .count()
        })
    };
    while written() == 0 {
        assert!(child.try_wait().unwrap().is_none(), "the batch ended early");
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "no article in 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server.kill();
    let stopped = child.wait().unwrap();
    let log = std::fs::read_to_string(&log_path).unwrap();
    eprintln!("{log}");
    assert_eq!(stopped.code(), Some(1), "{log}");
    assert!(log.contains("failed"), "{log}");

    // Whole articles only, each the one the manifest records.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("redacteur-manifest.json")).unwrap())
            .unwrap();
    let entries = manifest["entries"].as_object().unwrap();
    let mut done = Vec::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.contains(".tmp-"), "a temporary file was left: {name}");
        if name.ends_with(".md") {
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(
                entries[&name]["output_sha256"].as_str(),
                Some(redacteur::hub::sha256_bytes(&bytes).as_str()),
                "{name} is not the article its manifest entry records"
            );
            done.push(name);
        }
    }
    assert_eq!(done.len(), 1, "written: {done:?}");
    let failed: Vec<_> = entries
        .iter()
        .filter(|(_, e)| e["status"] == "failed")
        .map(|(_, e)| e["reason"].as_str().unwrap().to_string())
        .collect();
    assert!(!failed.is_empty(), "{manifest:#}");
    assert!(
        failed
            .iter()
            .all(|r| r.contains("broke off") || r.contains("did not answer")),
        "{failed:?}"
    );

    // The server is back: the same command writes the rest and leaves the rest alone.
    let _server = Server::start(port);
    let before: Vec<Vec<u8>> = done
        .iter()
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    let rerun = batch().output().unwrap();
    let log = stderr(&rerun);
    eprintln!("{log}");
    // Completed: nothing failed (a small model may fall short of the words asked for: that
    // article is written, marked incomplete, and the exit status says so).
    assert!(
        log.contains(&format!(
            "{} skipped (already written), 0 failed",
            done.len()
        )),
        "{log}"
    );
    let incomplete = log.contains("  incomplete  ");
    assert_eq!(
        rerun.status.code(),
        Some(if incomplete { 1 } else { 0 }),
        "{log}"
    );
    assert_eq!(written(), 2);
    for (name, bytes) in done.iter().zip(before) {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            bytes,
            "{name} changed"
        );
    }
}

#[test]
fn the_serving_bench_reports_each_job_count_and_refusals_are_clear() {
    let _cores = crate::all_cores();
    let server = Server::start_with_key(free_port(), Some("s3cret-key"));
    let endpoint = server.endpoint();
    let with_key = |args: &[&str], key: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_redacteur"));
        command
            .args(args)
            .env("REDACTEUR_TEST_KEY", key.unwrap_or(""));
        command.output().unwrap()
    };
    let bench = [
        "bench",
        "--backend",
        "openai",
        "--endpoint",
        &endpoint,
        "--api-key-env",
        "REDACTEUR_TEST_KEY",
        "-j",
        "1,2",
        "-r",
        "1",
        "-p",
        "64",
        "-n",
        "16",
        "-o",
        "json",
    ];
    let output = with_key(&bench, Some("s3cret-key"));
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for (row, jobs) in rows.iter().zip([1, 2]) {
        assert_eq!(row["jobs"], jobs);
        let samples = row["samples"].as_array().unwrap();
        assert_eq!(samples.len(), jobs);
        for s in samples {
            assert!(s["generated_tokens"].as_u64().unwrap() > 0, "{row:#}");
            assert!(s["prompt_tokens"].as_u64().unwrap() >= 40, "{row:#}");
        }
    }

    // No key, then a wrong one: the server's refusal, said as such, the key never shown.
    let output = with_key(&bench, None);
    let log = stderr(&output);
    assert!(!output.status.success(), "{log}");
    assert!(
        log.contains("wants an API key") && log.contains("--api-key-env"),
        "{log}"
    );
    let output = with_key(&bench, Some("wrong-key"));
    let log = stderr(&output);
    assert!(!output.status.success(), "{log}");
    assert!(
        log.contains("refused the key in $REDACTEUR_TEST_KEY"),
        "{log}"
    );
    assert!(!log.contains("wrong-key"), "the key was printed: {log}");
    drop(server);

    // Nothing listening: the address, the attempts, and what to check.
    let output = redacteur(&[
        "write",
        repo_path("examples/velo-lyon.txt").to_str().unwrap(),
        "--backend",
        "openai",
        "--endpoint",
        &endpoint,
        "--retries",
        "1",
    ]);
    let log = stderr(&output);
    assert!(!output.status.success(), "{log}");
    assert!(
        log.contains(&endpoint) && log.contains("is it running"),
        "{log}"
    );
}

/// A loopback proxy in front of the real server that answers the first `refusals` requests
/// itself, with each status in turn (`Retry-After: 0`), and forwards the rest; returns its port
/// and the count of requests it refused.
fn refusing_proxy(
    server_port: u16,
    refusals: Vec<u16>,
) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let refused = std::sync::Arc::new(AtomicUsize::new(0));
    let count = refused.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            // The request line, headers and body, as sent.
            let mut reader = BufReader::new(client.try_clone().unwrap());
            let mut request = Vec::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    // One request per connection, so that each one passes through here.
                    request.extend_from_slice(b"Connection: close\r\n\r\n");
                    break;
                }
                request.extend_from_slice(line.as_bytes());
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            request.extend_from_slice(&body);
            let n = count.load(Ordering::SeqCst);
            if let Some(status) = refusals.get(n) {
                count.fetch_add(1, Ordering::SeqCst);
                let _ = write!(
                    client,
                    "HTTP/1.1 {status} Busy\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                continue;
            }
            // Forward the request, then the answer, until the server closes.
            let mut server = TcpStream::connect(("127.0.0.1", server_port)).unwrap();
            server.write_all(&request).unwrap();
            let _ = std::io::copy(&mut server, &mut client);
        }
    });
    (port, refused)
}

#[test]
fn a_busy_server_is_retried_with_backoff_and_then_given_up_on() {
    let _cores = crate::all_cores();
    let server = Server::start(free_port());
    let bench = |port: u16, retries: &str| {
        redacteur(&[
            "bench",
            "--backend",
            "openai",
            "--endpoint",
            &format!("http://127.0.0.1:{port}/v1"),
            "--retries",
            retries,
            "-j",
            "1",
            "-r",
            "1",
            "-p",
            "32",
            "-n",
            "8",
        ])
    };
    // 503, 429, 502 before the model list is given: three retries, then it goes through.
    let (port, refused) = refusing_proxy(server.port, vec![503, 429, 502]);
    let output = bench(port, "4");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(refused.load(std::sync::atomic::Ordering::SeqCst), 3);
    assert!(String::from_utf8_lossy(&output.stdout).contains("| 1 | 1 |"));

    // More refusals than retries: given up on, with the last answer and the attempts.
    let (port, refused) = refusing_proxy(server.port, vec![503; 10]);
    let output = bench(port, "2");
    let log = stderr(&output);
    assert!(!output.status.success(), "{log}");
    assert_eq!(refused.load(std::sync::atomic::Ordering::SeqCst), 3);
    assert!(
        log.contains("503") && log.contains("tried 3 times"),
        "{log}"
    );

    // A refusal that retrying will not change (400) is not retried.
    let (port, refused) = refusing_proxy(server.port, vec![400; 10]);
    let output = bench(port, "4");
    assert!(!output.status.success());
    assert_eq!(refused.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(
        stderr(&output).contains("refused the request (400"),
        "{}",
        stderr(&output)
    );
}
