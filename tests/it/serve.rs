//! `redacteur serve` on loopback, a real server on a free port with the real default model:
//! the API's answers and errors, the queue, cancelling, the check against the CLI's, the
//! guard, and jobs kept across a crash.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{all_cores, default_gguf, redacteur, repo_path};

/// Debian's Chromium, installed (as root, with apt) when it is missing.
fn chromium() -> &'static str {
    const CHROMIUM: &str = "/usr/bin/chromium";
    if !Path::new(CHROMIUM).exists() {
        let installed = Command::new("sh")
            .args([
                "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                 --no-install-recommends chromium",
            ])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            installed,
            "the page's test needs Debian's Chromium at {CHROMIUM}: `apt-get install chromium` \
             (as root)"
        );
    }
    CHROMIUM
}

/// `tests/browser/page.mjs` beside playwright-core (pinned in `tests/browser/`), installed
/// once into redacteur's cache; playwright-core drives the system's Chromium and downloads
/// no browser.
fn page_script() -> std::path::PathBuf {
    let dir = super::npm_folder("playwright-core-1.64.1", "tests/browser");
    // ES modules find their packages beside them, not through NODE_PATH.
    let script = dir.join("page.mjs");
    std::fs::copy(repo_path("tests/browser/page.mjs"), &script).unwrap();
    script
}

/// A server started for a test; killed when dropped.
struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(data_dir: &Path, listen: &str, extra: &[&str]) -> Self {
        default_gguf();
        let mut child = Command::new(env!("CARGO_BIN_EXE_redacteur"))
            .args(["serve", "--listen", listen, "--data-dir"])
            .arg(data_dir)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, listening) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[serve] {line}");
                // Kept before the address is sent: the test reads the log as soon as it has
                // the address (« 1 unfinished jobs queued again » is on the same line).
                lines.lock().unwrap().push(line.clone());
                if let Some(at) = line.find("listening on http://") {
                    let address = line[at + "listening on ".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap()
                        .to_string();
                    let _ = found.send(address);
                }
            }
        });
        let base = listening
            .recv_timeout(Duration::from_secs(120))
            .expect("the server says where it listens");
        Self { child, base, log }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn logged(&self, text: &str) -> bool {
        self.log.lock().unwrap().iter().any(|l| l.contains(text))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, a header asked for, and the body.
struct Reply {
    status: u16,
    header: Option<String>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The error's code, checking the error's shape.
    fn error_code(&self) -> String {
        let body = self.json();
        assert!(body["error"]["message"].is_string(), "{body}");
        body["error"]["code"].as_str().unwrap().to_string()
    }
}

fn send(request: ureq::Request, body: Option<&str>, header: &str) -> Reply {
    let result = match body {
        Some(body) => request
            .set("Content-Type", "application/json")
            .send_string(body),
        None => request.call(),
    };
    let response = match result {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(e) => panic!("no answer: {e}"),
    };
    Reply {
        status: response.status(),
        header: response.header(header).map(str::to_string),
        body: response.into_string().unwrap(),
    }
}

/// A request written by hand on a socket, and the whole answer.
fn raw(server: &Server, request: &str) -> String {
    use std::io::{Read, Write};
    let address = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn get(server: &Server, path: &str) -> Reply {
    send(ureq::get(&server.url(path)), None, "content-type")
}

fn post(server: &Server, path: &str, body: &Value) -> Reply {
    send(
        ureq::post(&server.url(path)),
        Some(&body.to_string()),
        "location",
    )
}

/// Polls a job until `done` says so of it.
fn wait_for(server: &Server, id: &str, seconds: u64, done: impl Fn(&Value) -> bool) -> Value {
    let end = Instant::now() + Duration::from_secs(seconds);
    loop {
        let job = get(server, &format!("/v1/articles/{id}")).json();
        if done(&job) {
            return job;
        }
        assert!(Instant::now() < end, "job {id} never got there: {job}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The events of a job's stream, as (name, data), until it ends.
fn events(server: &Server, id: &str) -> Vec<(String, Value)> {
    let response = ureq::get(&server.url(&format!("/v1/articles/{id}/events")))
        .call()
        .unwrap();
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    let mut events = Vec::new();
    let mut name = String::new();
    for line in BufReader::new(response.into_reader()).lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("event: ") {
            name = n.to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            events.push((name.clone(), serde_json::from_str(data).unwrap()));
        }
    }
    events
}

fn source(name: &str) -> String {
    std::fs::read_to_string(repo_path(name)).unwrap()
}

#[test]
fn the_page_and_the_api_write_queue_cancel_check_guard_and_keep_jobs() {
    let _cores = all_cores();
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(
        data.path(),
        "127.0.0.1:0",
        &["--queue", "1", "--max-body", "100000"],
    );

    // The page and the document of the API.
    let page = get(&server, "/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header.as_deref(), Some("text/html; charset=utf-8"));
    assert!(page.body.contains("Rédiger"));
    let openapi = get(&server, "/openapi.json").json();
    let health = get(&server, "/health").json();
    assert_eq!(health["status"], "ok");
    assert!(health["model"]
        .as_str()
        .unwrap()
        .starts_with("gemma-3-270m"));
    let models = get(&server, "/v1/models").json();
    assert!(
        models["models"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["default"] == true && m["cached"] == true),
        "{models}"
    );
    // Every path the document names is served (a path with an id answers 404 as JSON).
    for path in openapi["paths"].as_object().unwrap().keys() {
        let path = path.replace("{id}", "0000");
        let reply = match path.as_str() {
            "/v1/check" => post(&server, &path, &json!({"article": "# T\n\nUn texte."})),
            p if p.ends_with("/repair") => post(&server, &p.replace("{n}", "1"), &json!({})),
            _ => get(&server, &path),
        };
        assert!(
            reply.status == 200 || reply.error_code() == "no_such_job",
            "{path}: {}",
            reply.status
        );
    }

    // The guard: another site's page, or a name that is not this machine's.
    let rebound = send(
        ureq::get(&server.url("/health")).set("Host", "attacker.example"),
        None,
        "",
    );
    assert_eq!(
        (rebound.status, rebound.error_code()),
        (403, "host_refused".into())
    );
    let cross = send(
        ureq::post(&server.url("/v1/articles")).set("Origin", "https://attacker.example"),
        Some(&json!({"source": source("examples/rugby-toulouse.txt")}).to_string()),
        "",
    );
    assert_eq!(
        (cross.status, cross.error_code()),
        (403, "origin_refused".into())
    );

    // Bad requests: the CLI's words, JSON errors.
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("court.txt");
    let words = "Le conseil municipal a voté mardi le budget de la ville.";
    std::fs::write(&short, words).unwrap();
    let cli = redacteur(&["write", short.to_str().unwrap()]);
    let cli_message = String::from_utf8_lossy(&cli.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("error: ").map(str::to_string))
        .unwrap()
        .replace(&format!("`{}`", short.display()), "`source`");
    let refused = post(&server, "/v1/articles", &json!({"source": words}));
    assert_eq!(refused.status, 422);
    assert_eq!(refused.json()["error"]["message"], cli_message.as_str());
    // Refused on its declared length, before it is sent (a client that sends it all the
    // same may find the connection closed: this one only says how long it is).
    let huge = raw(
        &server,
        "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: 160000\r\nConnection: close\r\n\r\n",
    );
    assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
    assert!(huge.contains("\"body_too_large\""), "{huge}");
    let garbled = send(ureq::post(&server.url("/v1/articles")), Some("{source"), "");
    assert_eq!(
        (garbled.status, garbled.error_code()),
        (400, "invalid_json".into())
    );
    let unknown = post(
        &server,
        "/v1/articles",
        &json!({"source": source("examples/rugby-toulouse.txt"), "options": {"wordz": 3}}),
    );
    assert_eq!(
        unknown.status, 400,
        "an unknown option is said: {}",
        unknown.body
    );

    // The check alone answers what `redacteur check --format json` says.
    let (article, origin) = (
        "tests/fixtures/tram-grenoble.md",
        "tests/fixtures/tram-grenoble-source.txt",
    );
    let checked = post(
        &server,
        "/v1/check",
        &json!({"article": source(article), "source": source(origin)}),
    );
    assert_eq!(checked.status, 200, "{}", checked.body);
    let cli = redacteur(&[
        "check",
        repo_path(article).to_str().unwrap(),
        "--source",
        repo_path(origin).to_str().unwrap(),
        "--format",
        "json",
    ]);
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let checked = checked.json();
    assert_eq!(checked["report"], cli["report"]);
    assert_eq!(checked["score"], cli["report"]["score"]);

    // The page, in Chromium and by keyboard alone, asks for the one article of this test,
    // from a source with markup in it. The whole dispatch (224 words): from its first three
    // paragraphs alone, which all tell the one match, the model wrote 11 to 59 words as the
    // gate grew, and the section repair below needs a section.
    let text = source("examples/rugby-toulouse.txt").trim_end().replacen(
        ". ",
        ". <script>alert(1)</script> ",
        1,
    );
    let source_file = dir.path().join("source.txt");
    std::fs::write(&source_file, &text).unwrap();
    let screenshot = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-page.png");
    let _ = std::fs::remove_file(&screenshot);
    let browser = Command::new("node")
        .arg(page_script())
        .arg(&server.base)
        .arg(&source_file)
        .arg(&screenshot)
        .env("CHROMIUM", chromium())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");

    // While it is written: a second job waits, a third finds the queue full.
    let end = Instant::now() + Duration::from_secs(120);
    let id = loop {
        let listed = get(&server, "/v1/articles").json();
        if let Some(job) = listed["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["status"] == "running")
        {
            break job["id"].as_str().unwrap().to_string();
        }
        assert!(Instant::now() < end, "the page's job never ran: {listed}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let ask = json!({"source": text, "options": {"words": 120}});
    let second = post(&server, "/v1/articles", &ask);
    assert_eq!(second.status, 202, "{}", second.body);
    let waiting = second.json()["id"].as_str().unwrap().to_string();
    assert_eq!(second.header, Some(format!("/v1/articles/{waiting}")));
    let full = send(
        ureq::post(&server.url("/v1/articles")),
        Some(&ask.to_string()),
        "retry-after",
    );
    assert_eq!((full.status, full.error_code()), (429, "queue_full".into()));
    assert!(full.header.unwrap().parse::<u64>().unwrap() > 0);
    let cancelled = send(
        ureq::delete(&server.url(&format!("/v1/articles/{waiting}"))),
        None,
        "",
    );
    assert_eq!(cancelled.status, 200);
    assert_eq!(cancelled.json()["status"], "cancelled");
    // A file sent as a form, as the page sends a dropped file: queued, then cancelled.
    let boundary = "----redacteur-test";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\
         Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}\r\nContent-Disposition: form-data; \
         name=\"words\"\r\n\r\n150\r\n--{boundary}--\r\n"
    );
    let queued = ureq::post(&server.url("/v1/articles"))
        .set(
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        )
        .send_string(&form)
        .unwrap();
    assert_eq!(queued.status(), 202);
    let form_job: Value = serde_json::from_str(&queued.into_string().unwrap()).unwrap();
    let form_id = form_job["id"].as_str().unwrap();
    let asked = get(&server, &format!("/v1/articles/{form_id}")).json();
    assert_eq!(asked["request"]["source"], text.as_str());
    assert_eq!(asked["request"]["options"]["words"], 150);
    let cancelled = send(
        ureq::delete(&server.url(&format!("/v1/articles/{form_id}"))),
        None,
        "",
    );
    assert_eq!(cancelled.status, 200);

    // The job's events: progress by section, then the whole job.
    let stream = events(&server, &id);
    let (last, done) = stream.last().unwrap();
    assert_eq!(last, "done");
    assert!(
        stream
            .iter()
            .any(|(name, data)| name == "progress"
                && data["progress"]["sections"].as_u64() > Some(0)),
        "no progress by section"
    );
    assert_eq!(done["status"], "done", "{done}");
    let job = get(&server, &format!("/v1/articles/{id}")).json();
    assert_eq!(&job, done);
    let result = &job["result"];
    let markdown = result["markdown"].as_str().unwrap();
    assert_eq!(markdown.lines().filter(|l| l.starts_with("# ")).count(), 1);
    assert!(result["html"].as_str().unwrap().contains("<h1"));
    assert_eq!(result["json"]["keyphrase"], "Stade toulousain");
    // The page's 40 words reached the writer: the result is short of nothing, or of
    // subheadings alone. Three sections are the model's to fill; a section it could not
    // fill goes with its heading, and the job says so as `write` does.
    let subheadings = markdown.lines().filter(|l| l.starts_with("## ")).count();
    match result["shortfall"].as_str() {
        None => assert!(subheadings >= 3, "{markdown}"),
        Some(short) => assert!(
            subheadings < 3 && short.contains(&format!("{subheadings} subheadings")),
            "40 words asked for: {short}\n{markdown}"
        ),
    }
    assert!(subheadings > 0, "{markdown}");
    crate::assert_no_heading_over_nothing(&markdown.lines().collect::<Vec<_>>());
    assert!(server.logged(&format!("job {id} done")));
    assert!(
        !server
            .log
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("Toulouse")),
        "the log quotes the article without --log-text"
    );

    // What the browser saw and did.
    let output = browser.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the page's test failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_slice(&output.stdout).unwrap();
    eprintln!("browser steps: {}", seen["steps"]);
    eprintln!("screenshot: {}", screenshot.display());
    assert_eq!(seen["id"], id.as_str());
    assert_eq!(
        seen["markdown"], markdown,
        "the download is the API's Markdown"
    );
    assert_eq!(
        seen["filename"],
        format!("{}.md", result["json"]["slug"].as_str().unwrap())
    );
    assert_eq!(
        seen["dialogs"],
        json!([]),
        "markup in the source or the article ran"
    );
    assert_eq!(seen["errors"], json!([]), "the page threw");
    assert_eq!(seen["headings"]["h1"], 1);
    assert_eq!(seen["headings"]["h2"], subheadings, "{seen}");
    assert!(seen["headings"]["findings"].as_u64().unwrap() > 0);
    assert_eq!(seen["inert"]["scripts"], 0);
    assert_eq!(seen["inert"]["images"], 0);
    assert_eq!(seen["inert"]["sourceKept"], true, "{seen}");
    assert!(seen["inert"]["edited"]
        .as_str()
        .unwrap()
        .starts_with("Modifié"));
    let english = &seen["english"];
    assert_eq!(english["submit"], "Write the article", "{english}");
    assert_eq!(english["recheck"], "Check again", "{english}");
    assert!(
        english["score"].as_str().unwrap().starts_with("Score: ")
            && english["progress"].as_str().unwrap().starts_with("done")
            && english["edited"].as_str().unwrap().starts_with("Edited: ")
            && english["editKept"] == true,
        "{english}"
    );
    assert_eq!(english["afterReload"], "en", "the language is not kept");
    let png = std::fs::read(&screenshot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    assert!(seen["headings"]["rewrite"].as_u64().unwrap() > 0, "{seen}");

    // One section written again, as the page's button asks: a new job from the same source,
    // the rest of the article as it was.
    let written = &result["json"];
    let sections = written["sections"].as_array().unwrap();
    let beyond = format!("/v1/articles/{id}/sections/{}/repair", sections.len() + 1);
    let beyond = post(&server, &beyond, &json!({}));
    assert_eq!(
        (beyond.status, beyond.error_code()),
        (404, "no_such_section".into())
    );
    let asked = post(
        &server,
        &format!("/v1/articles/{id}/sections/1/repair"),
        &json!({}),
    );
    assert_eq!(asked.status, 202, "{}", asked.body);
    let repair = asked.json()["id"].as_str().unwrap().to_string();
    assert_eq!(asked.header, Some(format!("/v1/articles/{repair}")));
    let repaired = wait_for(&server, &repair, 600, |j| {
        !["queued", "running"].contains(&j["status"].as_str().unwrap())
    });
    assert_eq!(repaired["status"], "done", "{repaired}");
    assert_eq!(repaired["request"]["repair"]["of"], id.as_str());
    assert_eq!(repaired["request"]["source"], job["request"]["source"]);
    let rewritten = &repaired["result"]["json"];
    let new_sections = rewritten["sections"].as_array().unwrap();
    for field in ["title", "intro", "essentials", "faq"] {
        assert_eq!(rewritten[field], written[field], "{field} changed");
    }
    assert_eq!(new_sections.len(), sections.len());
    assert_eq!(new_sections[0]["heading"], sections[0]["heading"]);
    assert_eq!(new_sections[1..], sections[1..], "another section changed");
    let warnings = repaired["result"]["warnings"].to_string();
    assert!(
        new_sections[0] != sections[0] || warnings.contains("passed the gate"),
        "the section is the same, and nothing says why: {repaired}"
    );
    assert!(repaired["result"]["markdown"]
        .as_str()
        .unwrap()
        .contains(&format!("## {}", sections[0]["heading"].as_str().unwrap())));
    let listed = get(&server, "/v1/articles").json();
    assert_eq!(listed["articles"].as_array().unwrap().len(), 4);
    let metrics = get(&server, "/metrics");
    assert!(
        metrics.body.contains("redacteur_jobs{status=\"done\"} 2\n")
            && metrics
                .body
                .contains("redacteur_jobs{status=\"cancelled\"} 2\n")
            && metrics.body.contains("redacteur_job_seconds_count 2\n"),
        "{}",
        metrics.body
    );
    // A job running when the server dies is run again at the next start; finished jobs stay.
    let crashed = post(&server, "/v1/articles", &ask).json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    wait_for(&server, &crashed, 60, |j| j["status"] == "running");
    drop(server);
    let server = Server::start(data.path(), "127.0.0.1:0", &["--queue", "1"]);
    assert!(server.logged("1 unfinished jobs queued again"));
    assert_eq!(get(&server, &format!("/v1/articles/{id}")).json(), job);
    wait_for(&server, &crashed, 60, |j| j["status"] == "running");
    // A job without its article yet has no section to write again.
    let early = post(
        &server,
        &format!("/v1/articles/{crashed}/sections/1/repair"),
        &json!({}),
    );
    assert_eq!((early.status, early.error_code()), (409, "not_done".into()));
    // Cancelled while running: it stops at its next token.
    let stopping = send(
        ureq::delete(&server.url(&format!("/v1/articles/{crashed}"))),
        None,
        "",
    );
    assert!([200, 202].contains(&stopping.status), "{}", stopping.body);
    let stopped = wait_for(&server, &crashed, 10, |j| j["status"] != "running");
    assert_eq!(stopped["status"], "cancelled", "{stopped}");
    // A finished job: the page's cancel leaves it; a plain DELETE deletes it, file and all.
    let kept = send(
        ureq::delete(&server.url(&format!("/v1/articles/{id}?unfinished_only=true"))),
        None,
        "",
    );
    assert_eq!(kept.status, 200, "{}", kept.body);
    assert_eq!(get(&server, &format!("/v1/articles/{id}")).json(), job);
    let deleted = send(
        ureq::delete(&server.url(&format!("/v1/articles/{id}"))),
        None,
        "",
    );
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(get(&server, &format!("/v1/articles/{id}")).status, 404);
    assert!(!data.path().join(format!("{id}.json")).exists());
}

#[test]
fn an_address_other_than_loopback_needs_a_token_and_the_api_asks_for_it() {
    let data = tempfile::tempdir().unwrap();
    let refused = Command::new(env!("CARGO_BIN_EXE_redacteur"))
        .args(["serve", "--listen", "0.0.0.0:0", "--data-dir"])
        .arg(data.path())
        .env_remove("REDACTEUR_TOKEN")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--token"), "{stderr}");

    let mut server = Server::start(data.path(), "0.0.0.0:0", &["--token", "s3cret"]);
    server.base = server.base.replace("0.0.0.0", "127.0.0.1");
    assert_eq!(
        get(&server, "/").status,
        200,
        "the page asks for the token itself"
    );
    let anonymous = get(&server, "/v1/models");
    assert_eq!(
        (anonymous.status, anonymous.error_code()),
        (401, "unauthorized".into())
    );
    let wrong = send(
        ureq::get(&server.url("/health")).set("Authorization", "Bearer s3cre"),
        None,
        "",
    );
    assert_eq!(wrong.status, 401);
    let right = send(
        ureq::get(&server.url("/health")).set("Authorization", "Bearer s3cret"),
        None,
        "",
    );
    assert_eq!(right.status, 200);
}
