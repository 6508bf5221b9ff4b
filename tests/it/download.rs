//! The real download code (hf-hub under `redacteur::hub::fetch`) against the fake hub:
//! fresh download, cache hit with the server stopped, offline miss, a cut transfer resumed,
//! corrupted content rejected, 401 for a gated repository without token, 404.

use crate::fake_hub::{config, fetch, payload, sha256_hex, spec, FakeHub, State, COMMIT, TOKEN};

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

#[test]
fn a_cached_file_damaged_later_is_removed_and_fetched_again() {
    let bytes = payload(5, 200_000);
    let mut state = State::default();
    state
        .files
        .insert(("acme/rot-GGUF".into(), "rot.gguf".into()), bytes.clone());
    let server = FakeHub::start(state);
    let dir = tempfile::tempdir().unwrap();
    let spec = spec("acme/rot-GGUF", "rot.gguf", &bytes);
    let online = config(dir.path(), &server.endpoint, None, false);
    let path = fetch(&spec, &online).unwrap();

    // A bit flips on disk after the file was verified (same size, new modification time).
    let damage = |path: &std::path::Path| {
        let blob = std::fs::canonicalize(path).unwrap();
        let mut damaged = std::fs::read(&blob).unwrap();
        damaged[1234] ^= 0x01;
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&blob, damaged).unwrap();
    };
    damage(&path);
    let mut log = Vec::new();
    let again = redacteur::hub::fetch(&spec, &online, &mut |m| log.push(m.to_string())).unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), bytes);
    assert!(
        log.iter()
            .any(|m| m.contains("damaged") && m.contains("removing")),
        "{log:?}"
    );

    damage(&again);
    let offline = config(dir.path(), &server.endpoint, None, true);
    let message = format!("{:#}", fetch(&spec, &offline).unwrap_err());
    assert!(
        message.contains("damaged")
            && message.contains("sha256")
            && message.contains("redacteur models pull acme/rot-GGUF:rot.gguf"),
        "{message}"
    );
}

#[test]
fn two_fetches_at_once_take_turns_and_download_once() {
    let bytes = payload(6, 1_000_000);
    let mut state = State::default();
    state
        .files
        .insert(("acme/busy-GGUF".into(), "busy.gguf".into()), bytes.clone());
    state.slow_body = Some(std::time::Duration::from_millis(400));
    let server = FakeHub::start(state);
    let dir = tempfile::tempdir().unwrap();
    let spec = spec("acme/busy-GGUF", "busy.gguf", &bytes);
    let online = config(dir.path(), &server.endpoint, None, false);

    let paths: Vec<_> = std::thread::scope(|scope| {
        let fetches: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| fetch(&spec, &online)))
            .collect();
        fetches
            .into_iter()
            .map(|f| f.join().unwrap().unwrap())
            .collect()
    });
    assert_eq!(paths[0], paths[1]);
    assert_eq!(std::fs::read(&paths[0]).unwrap(), bytes);
    let full_transfers = server
        .requests()
        .iter()
        .filter(|(p, r)| p.starts_with("/cdn/") && r.as_deref() != Some("bytes=0-0"))
        .count();
    assert_eq!(full_transfers, 1, "{:?}", server.requests());
}

#[test]
fn pull_force_removes_the_cached_copy_and_fetches_it_again() {
    let bytes = payload(7, 120_000);
    let mut state = State::default();
    state.files.insert(
        ("acme/again-GGUF".into(), "again.gguf".into()),
        bytes.clone(),
    );
    let server = FakeHub::start(state);
    let dir = tempfile::tempdir().unwrap();
    let pull = |force: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_redacteur"));
        command
            .args(["models", "pull", "acme/again-GGUF:again.gguf"])
            .env_remove("HF_TOKEN")
            .env_remove("HF_HUB_OFFLINE")
            .env("HF_ENDPOINT", &server.endpoint)
            .env("HF_HUB_CACHE", dir.path().join("hf"))
            .env("REDACTEUR_CACHE", dir.path().join("own"));
        if force {
            command.arg("--force");
        }
        command.output().unwrap()
    };
    let transfers = || {
        server
            .requests()
            .iter()
            .filter(|(p, r)| p.starts_with("/cdn/") && r.as_deref() != Some("bytes=0-0"))
            .count()
    };
    let first = pull(false);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let path = String::from_utf8_lossy(&first.stdout).trim().to_string();
    assert_eq!(pull(false).status.code(), Some(0));
    assert_eq!(transfers(), 1, "a cached model is not fetched again");

    let forced = pull(true);
    let log = String::from_utf8_lossy(&forced.stderr);
    assert!(forced.status.success(), "{log}");
    assert!(log.contains(&format!("removed `{path}`")), "{log}");
    assert_eq!(String::from_utf8_lossy(&forced.stdout).trim(), path);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(transfers(), 2, "--force fetched it again");
}
