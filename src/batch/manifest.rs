//! The manifest of an output folder (`redacteur-manifest.json`): for each article written
//! there, the input's hash, the settings and model it was written with, and the result. It
//! is rewritten whole after each article, so a run stopped at any point leaves it consistent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// The manifest's file name inside the output folder.
pub const FILE_NAME: &str = "redacteur-manifest.json";
const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Written, and it meets what was asked.
    Written,
    /// Written, but short of what was asked (fewer words, or --strict rules failing).
    Incomplete,
    /// Nothing written.
    Failed,
}

/// What one input gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub input: String,
    pub input_sha256: String,
    pub settings: serde_json::Value,
    pub model: String,
    pub status: Status,
    /// Why it failed or is incomplete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The output as written, to tell whether it was changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// Seconds since the Unix epoch when it finished.
    pub finished: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// By output file name (inside the folder).
    pub entries: BTreeMap<String, Entry>,
    #[serde(skip)]
    path: PathBuf,
}

impl Manifest {
    /// The manifest of `dir`, empty if it has none yet.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        let mut manifest = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice::<Manifest>(&bytes).with_context(|| {
                format!(
                    "`{}` is not a manifest redacteur can read; move it away to start afresh",
                    path.display()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest {
                version: VERSION,
                entries: BTreeMap::new(),
                path: PathBuf::new(),
            },
            Err(e) => return Err(e).with_context(|| format!("reading `{}`", path.display())),
        };
        if manifest.version != VERSION {
            bail!(
                "`{}` has version {}, this redacteur reads version {VERSION}",
                path.display(),
                manifest.version
            );
        }
        manifest.path = path;
        Ok(manifest)
    }

    /// Records `entry` for `output` and writes the manifest whole.
    pub fn record(&mut self, output: &str, entry: Entry) -> Result<()> {
        self.entries.insert(output.to_string(), entry);
        let json = serde_json::to_string_pretty(self).expect("a manifest serialises");
        crate::files::write_atomically(&self.path, format!("{json}\n").as_bytes())
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
