//! `redacteur write` over many inputs with the real default model: bad inputs fail alone with
//! their reasons, a batch stopped by SIGINT leaves only whole files and a consistent manifest,
//! and the same command then finishes the rest without touching what was done.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::{default_gguf, repo_path};

/// Fast settings: the pipeline is the same, the articles shorter.
const QUICK: &[&str] = &["--min-words", "120", "--no-repair", "--date", "2026-11-25"];

fn batch(inputs: &Path, out: &Path) -> Command {
    default_gguf();
    let mut command = Command::new(env!("CARGO_BIN_EXE_redacteur"));
    command
        .args([
            "write",
            inputs.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ])
        .args(QUICK);
    command
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file of `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("redacteur-manifest.json")).unwrap()).unwrap()
}

/// A folder of five inputs: two articles (HTML, Latin-1 text) and three that cannot be. Plain
/// UTF-8 text, which every other test writes from, would only add an article to wait for.
fn inputs(dir: &Path) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let example =
        |name: &str| std::fs::read_to_string(repo_path(&format!("examples/{name}"))).unwrap();
    let paragraphs: String = example("hopital-clermont.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{l}</p>\n"))
        .collect();
    std::fs::write(
        inputs.join("hopital.html"),
        format!("<!doctype html><html><head><title>CHU</title></head><body><nav><p>Accueil · Région · Contact</p></nav><article><h1>Urgences</h1>\n{paragraphs}</article><footer><p>© Le Journal</p></footer></body></html>"),
    )
    .unwrap();
    let latin1: Vec<u8> = example("secheresse-bretagne.txt")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    std::fs::write(inputs.join("secheresse.txt"), latin1).unwrap();
    std::fs::write(inputs.join("empty.txt"), " \n\n\t\n").unwrap();
    std::fs::write(inputs.join("short.txt"), "Trois petits mots, pas plus.").unwrap();
    std::fs::write(
        inputs.join("noise.txt"),
        [0x89u8, 0x00, 0x13, 0xff].repeat(200),
    )
    .unwrap();
    inputs
}

fn wait_for(child: &mut Child, what: &str, done: impl Fn() -> bool) {
    let started = Instant::now();
    while !done() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("redacteur ended ({status}) before {what}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "no {what} in 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_batch_interrupted_by_a_signal_resumes_where_it_stopped() {
    let _cores = crate::all_cores();
    let dir = tempfile::tempdir().unwrap();
    let inputs = inputs(dir.path());
    let out = dir.path().join("out");

    // Stop the batch once its first article is written, while it writes the second.
    let mut child = batch(&inputs, &out).stderr(Stdio::piped()).spawn().unwrap();
    wait_for(&mut child, "the first article", || {
        out.join("hopital.md").exists()
    });
    std::thread::sleep(Duration::from_secs(3));
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let stopped = child.wait_with_output().unwrap();
    let log = stderr(&stopped);
    eprintln!("{log}");
    assert_eq!(stopped.status.code(), Some(130), "{log}");
    assert!(log.contains("interrupted with 2 not reached"), "{log}");

    let before = snapshot(&out);
    let names: Vec<&String> = before.keys().collect();
    assert_eq!(
        names,
        [".redacteur.lock", "hopital.md", "redacteur-manifest.json"],
        "only whole articles, no temporary file"
    );
    let m = manifest(&out);
    let entries = m["entries"].as_object().unwrap();
    // empty.txt failed, hopital.html written (or incomplete), noise.txt failed; the rest not
    // reached.
    assert_eq!(entries.len(), 3, "{m:#}");
    assert_eq!(entries["noise.md"]["status"], "failed");
    assert_eq!(entries["empty.md"]["status"], "failed");
    assert!(entries["empty.md"]["reason"]
        .as_str()
        .unwrap()
        .contains("empty.txt` has no article text"));
    // A whole article either way: written, or incomplete where the model fell short of the
    // words asked (the sampled text decides that; `write`'s own tests hold the lengths).
    match entries["hopital.md"]["status"].as_str() {
        Some("written") => {}
        Some("incomplete") => assert!(
            entries["hopital.md"]["reason"]
                .as_str()
                .is_some_and(|r| r.contains("body words")),
            "{m:#}"
        ),
        _ => panic!("hopital.md is not a whole article: {m:#}"),
    }
    assert!(entries["hopital.md"]["warnings"][0]
        .as_str()
        .unwrap()
        .contains("is HTML"));
    let hopital = String::from_utf8(before["hopital.md"].clone()).unwrap();
    assert!(
        hopital.starts_with("---\ntitle:") && hopital.contains("\n# "),
        "{hopital}"
    );
    assert!(
        !hopital.contains("Accueil") && !hopital.contains("Le Journal"),
        "navigation and footer are not article text"
    );

    // The same command again: the written article is skipped, the rest is done.
    let resumed = batch(&inputs, &out).output().unwrap();
    let log = stderr(&resumed);
    eprintln!("{log}");
    assert_eq!(resumed.status.code(), Some(1), "three inputs fail: {log}");
    assert!(
        log.contains("1 written, 1 skipped (already written), 3 failed"),
        "{log}"
    );
    assert!(
        log.contains("is not UTF-8") && log.contains("Latin-1"),
        "{log}"
    );
    for (input, reason) in [
        ("empty.txt", "has no article text"),
        ("short.txt", "fewer than 50"),
        ("noise.txt", "looks binary"),
    ] {
        assert!(
            log.lines()
                .any(|l| l.contains("failed") && l.contains(input) && l.contains(reason)),
            "{input}: {log}"
        );
    }
    let after = snapshot(&out);
    assert_eq!(
        after["hopital.md"], before["hopital.md"],
        "the finished article is untouched"
    );
    let article = String::from_utf8(after["secheresse.md"].clone()).unwrap();
    assert!(
        article.contains("\n# ") && article.matches("\n## ").count() >= 3,
        "{article}"
    );
    assert!(!after.contains_key("empty.md") && !after.contains_key("noise.md"));
    let m = manifest(&out);
    let entries = m["entries"].as_object().unwrap();
    assert_eq!(entries.len(), 5, "{m:#}");
    assert!(entries["secheresse.md"]["warnings"][0]
        .as_str()
        .unwrap()
        .contains("Latin-1"));
    let whole = |e: &serde_json::Value| e["status"] == "written" || e["status"] == "incomplete";
    for (name, entry) in entries {
        if whole(entry) {
            let sha = redacteur::hub::sha256_bytes(&after[name]);
            assert_eq!(entry["output_sha256"], sha.as_str(), "{name}");
        }
    }

    // Once more: nothing left to do, nothing rewritten, the model never loaded.
    let again = batch(&inputs, &out).output().unwrap();
    let log = stderr(&again);
    assert!(log.contains("0 written, 2 skipped"), "{log}");
    assert!(!log.contains("writing from"), "{log}");
    let mut last = snapshot(&out);
    let mut after = after;
    let (last_manifest, manifest_after) = (
        last.remove("redacteur-manifest.json"),
        after.remove("redacteur-manifest.json"),
    );
    assert_eq!(last, after, "no article rewritten");
    // Failed inputs were tried again (their entries carry the new time); the others stand.
    let written = |m: Option<Vec<u8>>| -> Vec<serde_json::Value> {
        let m: serde_json::Value = serde_json::from_slice(&m.unwrap()).unwrap();
        let entries = m["entries"].as_object().unwrap().clone();
        entries.into_values().filter(whole).collect()
    };
    assert_eq!(written(last_manifest), written(manifest_after));
}

#[test]
fn a_second_batch_into_a_busy_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let held = std::fs::File::create(out.join(".redacteur.lock")).unwrap();
    held.lock().unwrap();
    let output = batch(&repo_path("examples"), &out).output().unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("another redacteur is writing into"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn existing_outputs_are_left_alone_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("article.md");
    std::fs::write(&out, "a good article").unwrap();
    default_gguf();
    let output = Command::new(env!("CARGO_BIN_EXE_redacteur"))
        .args([
            "write",
            repo_path("examples/velo-lyon.txt").to_str().unwrap(),
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("already exists") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a good article");

    // In a batch, a file the manifest does not know is reported and kept.
    let outdir = dir.path().join("out");
    std::fs::create_dir_all(&outdir).unwrap();
    std::fs::write(outdir.join("velo-lyon.md"), "mine").unwrap();
    let input = dir.path().join("velo-lyon.txt");
    std::fs::copy(repo_path("examples/velo-lyon.txt"), &input).unwrap();
    let output = batch(&input, &outdir).output().unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("is not in the folder's manifest") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(outdir.join("velo-lyon.md")).unwrap(),
        "mine"
    );
}
