//! Files written whole or not at all: a temporary file beside the target, synced, then renamed
//! into place (or linked, when an existing file must not be replaced).

use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The prefix and marker of our temporary files: `.NAME.tmp-PID`.
const TEMP_MARKER: &str = ".tmp-";

/// Holds `dir` for this process while the file returned is open (`.redacteur.lock` in it,
/// locked); a second process is refused with what the first is `doing` there and the
/// `way_out`.
pub fn hold_folder(dir: &Path, doing: &str, way_out: &str) -> Result<File> {
    let path = dir.join(".redacteur.lock");
    let file = File::create(&path).with_context(|| format!("creating `{}`", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another redacteur {doing} `{}` (it holds `{}`); {way_out}",
            dir.display(),
            path.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking `{}`", path.display()))
        }
    }
}

/// Writes `bytes` to `target`, replacing it if it exists; `target` is never half-written.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    write_whole(target, bytes, true)
}

/// Writes `bytes` to `target`, which must not exist: an existing file is an error and is left
/// as it was, even if it appears while we write.
pub fn write_new(target: &Path, bytes: &[u8]) -> Result<()> {
    write_whole(target, bytes, false)
}

fn write_whole(target: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    let name = target
        .file_name()
        .with_context(|| format!("`{}` is not a file path", target.display()))?;
    let temp = folder_of(target).join(format!(
        ".{}{TEMP_MARKER}{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file =
            File::create(&temp).with_context(|| format!("creating `{}`", temp.display()))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("writing `{}`", temp.display()))?;
        match replace {
            true => fs::rename(&temp, target)
                .with_context(|| format!("replacing `{}`", target.display())),
            false => link_new(&temp, target),
        }
    })();
    let _ = fs::remove_file(&temp);
    result
}

/// Puts `temp` at `target` unless `target` exists: a hard link cannot replace a file, so no
/// window exists in which another writer's file would be overwritten.
fn link_new(temp: &Path, target: &Path) -> Result<()> {
    match fs::hard_link(temp, target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => bail!(
            "`{}` already exists; it was left as it is (--force replaces it)",
            target.display()
        ),
        // A file system without hard links: check, then rename.
        Err(_) if !target.exists() => {
            fs::rename(temp, target).with_context(|| format!("writing `{}`", target.display()))
        }
        Err(_) => bail!(
            "`{}` already exists; it was left as it is (--force replaces it)",
            target.display()
        ),
    }
}

/// The folder `path` is in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes temporary files that a killed run of ours left in `dir` (not those of live
/// processes); returns how many went.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_owner(&name) else {
            continue;
        };
        if !process_alive(pid) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in one of our temporary file names.
fn temp_owner(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, pid) = name.rsplit_once(TEMP_MARKER)?;
    pid.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    match cfg!(target_os = "linux") {
        true => Path::new(&format!("/proc/{pid}")).exists(),
        // Elsewhere we cannot tell cheaply: keep the file.
        false => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary");
    }

    #[test]
    fn a_new_file_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_new(&path, b"first").unwrap();
        let err = write_new(&path, b"second").unwrap_err().to_string();
        assert!(
            err.contains("already exists") && err.contains("--force"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary");
    }

    #[test]
    fn stale_temporaries_of_dead_processes_go() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id on Linux (pid_max is at most 2^22).
        fs::write(dir.path().join(".a.md.tmp-99999999"), "x").unwrap();
        let ours = format!(".b.md.tmp-{}", std::process::id());
        fs::write(dir.path().join(&ours), "x").unwrap();
        fs::write(dir.path().join("c.md"), "x").unwrap();
        let expected = usize::from(cfg!(target_os = "linux"));
        assert_eq!(remove_stale_temporaries(dir.path()), expected);
        assert!(dir.path().join(&ours).exists() && dir.path().join("c.md").exists());
    }
}
