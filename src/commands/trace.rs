//! `write --trace FILE`: every rewrite candidate the model wrote, what it rewrote and what
//! the gate made of it, and the sentences taken for each source sentence, as JSON lines.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use crate::writer::Event;

/// The trace of one article: lines appended to the file, each naming the source.
pub struct Trace {
    path: PathBuf,
    file: std::fs::File,
    source: String,
    /// The first failed write, said once the article is done.
    failed: Option<std::io::Error>,
}

/// Empties `path` (made if need be) before a run appends to it.
pub fn start(path: &Path) -> Result<()> {
    std::fs::File::create(path)
        .map(drop)
        .with_context(|| format!("creating the trace `{}`", path.display()))
}

impl Trace {
    /// Appends to `path`, for the article written from `source`.
    pub fn open(path: &Path, source: &str) -> Result<Self> {
        let file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .with_context(|| format!("opening the trace `{}`", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            source: source.to_string(),
            failed: None,
        })
    }

    /// Writes the event's line, if it is one the trace keeps.
    pub fn record(&mut self, event: &Event<'_>) {
        let (kind, mut line) = match event {
            Event::Candidate(candidate) => ("candidate", json!(candidate)),
            Event::Fact { shape, fact, taken } => (
                "fact",
                json!({"shape": shape, "fact": fact, "taken": taken}),
            ),
            _ => return,
        };
        if let Value::Object(fields) = &mut line {
            fields.insert("source".into(), json!(self.source));
            fields.insert("event".into(), json!(kind));
        }
        // One write a line, so that articles written side by side never cut into one
        // another's lines.
        let text = format!("{line}\n");
        if let Err(e) = self.file.write_all(text.as_bytes()) {
            self.failed.get_or_insert(e);
        }
    }

    /// The first write that failed, if one did.
    pub fn finish(self) -> Result<()> {
        match self.failed {
            Some(e) => {
                Err(e).with_context(|| format!("writing the trace `{}`", self.path.display()))
            }
            None => Ok(()),
        }
    }
}
