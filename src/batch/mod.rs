//! Many articles in one run: inputs expanded into files, each written into the output folder
//! through a temporary file, one failure never stopping the others, a manifest that makes a
//! rerun skip what is already done, a lock against a second run in the same folder, and a
//! summary at the end.

pub mod inputs;
pub mod manifest;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::article::{read_input, SourceArticle};
use crate::files;
use crate::hub::sha256_bytes;
use manifest::{Entry, Manifest, Status};

/// Where and how a batch writes.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    pub out_dir: PathBuf,
    /// Of the output files (`md`, `html`, `json`).
    pub extension: String,
    /// Everything that shapes an article besides the input and the model; an article is
    /// written again only when these, the input or the model change.
    pub settings: serde_json::Value,
    /// The model's identity (its id and checksum, or its path and size).
    pub model: String,
    /// Replace outputs that exist and are not this batch's own finished work.
    pub force: bool,
}

/// One finished article, ready to be written.
pub struct Produced {
    pub rendered: String,
    pub words: usize,
    pub score: u32,
    /// Why the article falls short of what was asked, if it does.
    pub shortfall: Option<String>,
    /// What the writer had to do with the source (condensing it, say).
    pub warnings: Vec<String>,
}

/// What became of one input.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Written,
    /// Written, short of what was asked.
    Incomplete(String),
    /// Already written by an earlier run with the same input, settings and model.
    Skipped {
        incomplete: Option<String>,
    },
    Failed(String),
}

#[derive(Debug, Default)]
pub struct Summary {
    pub results: Vec<(PathBuf, Outcome)>,
    /// Inputs not reached because the run was interrupted.
    pub not_reached: usize,
    pub interrupted: bool,
}

impl Summary {
    /// Inputs that failed or whose article is incomplete (now or from an earlier run).
    pub fn problems(&self) -> usize {
        self.results
            .iter()
            .filter(|(_, o)| match o {
                Outcome::Written | Outcome::Skipped { incomplete: None } => false,
                Outcome::Incomplete(_) | Outcome::Failed(_) => true,
                Outcome::Skipped {
                    incomplete: Some(_),
                } => true,
            })
            .count()
    }

    /// The summary shown at the end: counts, then each input that needs attention.
    pub fn to_text(&self, out_dir: &Path) -> String {
        let count = |f: fn(&Outcome) -> bool| self.results.iter().filter(|(_, o)| f(o)).count();
        let written = count(|o| matches!(o, Outcome::Written | Outcome::Incomplete(_)));
        let skipped = count(|o| matches!(o, Outcome::Skipped { .. }));
        let failed = count(|o| matches!(o, Outcome::Failed(_)));
        let incomplete = count(|o| {
            matches!(
                o,
                Outcome::Incomplete(_)
                    | Outcome::Skipped {
                        incomplete: Some(_)
                    }
            )
        });
        let mut text = format!(
            "batch into `{}`: {written} written, {skipped} skipped (already written), {failed} failed, {incomplete} incomplete",
            out_dir.display()
        );
        if self.interrupted {
            text.push_str(&format!(
                "; interrupted with {} not reached (run the same command again to go on)",
                self.not_reached
            ));
        }
        text.push('\n');
        for (input, outcome) in &self.results {
            let line = match outcome {
                Outcome::Failed(reason) => format!("  failed      {}: {reason}", input.display()),
                Outcome::Incomplete(reason)
                | Outcome::Skipped {
                    incomplete: Some(reason),
                } => format!("  incomplete  {}: {reason}", input.display()),
                _ => continue,
            };
            text.push_str(&line);
            text.push('\n');
        }
        text
    }
}

/// Writes the article of each of `files` into the output folder, calling `produce` for those
/// that need writing, from `jobs` threads at once (each input is still written whole, and the
/// manifest is rewritten after each).
pub fn run(
    files: &[PathBuf],
    config: &BatchConfig,
    jobs: usize,
    produce: &(dyn Fn(&SourceArticle) -> Result<Produced> + Sync),
    log: &(dyn Fn(&str) + Sync),
) -> Result<Summary> {
    let names = inputs::output_names(files, &config.extension)?;
    let dir = &config.out_dir;
    std::fs::create_dir_all(dir).with_context(|| format!("creating `{}`", dir.display()))?;
    let _lock = lock(dir)?;
    let stale = files::remove_stale_temporaries(dir);
    if stale > 0 {
        log(&format!(
            "removed {stale} temporary files an earlier run left in `{}`",
            dir.display()
        ));
    }
    let manifest = Mutex::new(Manifest::load(dir)?);
    let next = AtomicUsize::new(0);
    let (done, started) = (AtomicUsize::new(0), std::time::Instant::now());
    // Per input: its outcome, `None` while not reached (or interrupted in the middle).
    let outcomes: Vec<Mutex<Option<Outcome>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let stop: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let worker = || loop {
        if crate::interrupt::requested() || lock_ok(&stop).is_some() {
            return;
        }
        let index = next.fetch_add(1, Ordering::SeqCst);
        let (Some(file), Some(name)) = (files.get(index), names.get(index)) else {
            return;
        };
        log(&format!(
            "[{}/{}] `{}` -> `{name}`{}",
            index + 1,
            files.len(),
            file.display(),
            so_far(done.load(Ordering::SeqCst), files.len(), started)
        ));
        match one(file, name, config, &manifest, produce, log) {
            Ok(outcome) => {
                *lock_ok(&outcomes[index]) = Some(outcome);
                done.fetch_add(1, Ordering::SeqCst);
            }
            Err(e) if crate::interrupt::is_interrupted(&e) => return,
            Err(e) => {
                lock_ok(&stop).get_or_insert(e);
                return;
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..jobs.max(1) {
            scope.spawn(worker);
        }
        worker();
    });
    if let Some(e) = stop.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    let mut summary = Summary::default();
    for (file, outcome) in files.iter().zip(outcomes) {
        match outcome.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(outcome) => summary.results.push((file.clone(), outcome)),
            None => summary.not_reached += 1,
        }
    }
    summary.interrupted = summary.not_reached > 0;
    Ok(summary)
}

/// ` (2 done in 4 min 10 s, about 16 min 40 s left)`, once an input is done.
fn so_far(done: usize, total: usize, started: std::time::Instant) -> String {
    let elapsed = started.elapsed().as_secs_f64();
    match crate::eta::left(done, total, elapsed) {
        None => String::new(),
        Some(left) => format!(
            " ({done} done in {}, about {} left)",
            crate::eta::duration(elapsed),
            crate::eta::duration(left)
        ),
    }
}

/// The mutex's value, also after a thread panicked holding it.
fn lock_ok<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// One input: skipped, written or failed; `Err` only for what stops the batch (an
/// interruption, a manifest that cannot be written).
fn one(
    file: &Path,
    name: &str,
    config: &BatchConfig,
    manifest: &Mutex<Manifest>,
    produce: &(dyn Fn(&SourceArticle) -> Result<Produced> + Sync),
    log: &(dyn Fn(&str) + Sync),
) -> Result<Outcome> {
    let output = config.out_dir.join(name);
    let origin = file.display().to_string();
    let mut entry = Entry {
        input: origin.clone(),
        input_sha256: String::new(),
        settings: config.settings.clone(),
        model: config.model.clone(),
        status: Status::Failed,
        reason: None,
        output_sha256: None,
        warnings: Vec::new(),
        words: None,
        score: None,
        finished: 0,
    };
    let bytes = match read_input(file) {
        Ok(bytes) => bytes,
        Err(e) => return fail(manifest, name, entry, crate::errors::user_message(&e)),
    };
    entry.input_sha256 = sha256_bytes(&bytes);
    let existing = std::fs::read(&output).ok();
    let known = lock_ok(manifest).entries.get(name).cloned();
    if let (Some(done), Some(existing)) = (&known, &existing) {
        let same = done.input_sha256 == entry.input_sha256
            && done.settings == entry.settings
            && done.model == entry.model
            && done.status != Status::Failed
            && done.output_sha256.as_deref() == Some(sha256_bytes(existing).as_str());
        if same {
            log("  already written with the same input, settings and model: skipped");
            return Ok(Outcome::Skipped {
                incomplete: done.reason.clone(),
            });
        }
    }
    if existing.is_some() && !config.force {
        let why = match known {
            Some(_) => "was written from another input, settings or model, or changed since",
            None => "is not in the folder's manifest",
        };
        let reason = format!(
            "`{}` exists and {why}; it was left as it is (--force replaces it)",
            output.display()
        );
        log(&format!("  {reason}"));
        // Nothing happened to the file: the manifest keeps what it knew of it.
        return Ok(Outcome::Failed(reason));
    }
    let source = match SourceArticle::from_bytes(&bytes, &origin) {
        Ok(source) => source,
        Err(e) => return fail(manifest, name, entry, crate::errors::user_message(&e)),
    };
    for warning in &source.warnings {
        log(&format!("  warning: {warning}"));
    }
    entry.warnings = source.warnings.clone();
    let produced = match produce(&source) {
        Ok(produced) => produced,
        Err(e) if crate::interrupt::is_interrupted(&e) => return Err(e),
        Err(e) => return fail(manifest, name, entry, crate::errors::user_message(&e)),
    };
    let written = match config.force {
        true => files::write_atomically(&output, produced.rendered.as_bytes()),
        false => files::write_new(&output, produced.rendered.as_bytes()),
    };
    if let Err(e) = written {
        return fail(manifest, name, entry, crate::errors::user_message(&e));
    }
    entry.output_sha256 = Some(sha256_bytes(produced.rendered.as_bytes()));
    entry.warnings.extend(produced.warnings);
    entry.words = Some(produced.words);
    entry.score = Some(produced.score);
    entry.reason = produced.shortfall.clone();
    entry.status = match produced.shortfall {
        Some(_) => Status::Incomplete,
        None => Status::Written,
    };
    entry.finished = manifest::now();
    let outcome = match &entry.reason {
        Some(reason) => Outcome::Incomplete(reason.clone()),
        None => Outcome::Written,
    };
    lock_ok(manifest).record(name, entry)?;
    Ok(outcome)
}

fn fail(
    manifest: &Mutex<Manifest>,
    name: &str,
    mut entry: Entry,
    reason: String,
) -> Result<Outcome> {
    entry.status = Status::Failed;
    entry.reason = Some(reason.clone());
    entry.finished = manifest::now();
    lock_ok(manifest).record(name, entry)?;
    Ok(Outcome::Failed(reason))
}

/// Holds the output folder for this run; a second run into the same folder is refused.
fn lock(dir: &Path) -> Result<File> {
    crate::files::hold_folder(dir, "is writing into", "wait for it to finish")
}
