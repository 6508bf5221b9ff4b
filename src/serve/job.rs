//! One job of the server: what it asked for, where it stands and what it made, as the API
//! takes and gives it and as its file keeps it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

impl Status {
    /// Whether the job will change no more.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Done | Status::Failed | Status::Cancelled)
    }
}

/// What the article must be, as the API takes it; `None` leaves the source's request line or
/// the defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Minimum body words.
    pub words: Option<usize>,
    /// Minimum `##` subheadings.
    pub subheadings: Option<usize>,
    /// Candidates per repaired section (1 to 16).
    pub candidates: Option<u32>,
    /// The sampling seed.
    pub seed: Option<u64>,
    /// The format the client means to take (`md`, `html` or `json`); all three are given.
    pub format: Option<String>,
}

/// One article asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobRequest {
    pub source: String,
    #[serde(default)]
    pub keyphrase: Option<String>,
    #[serde(default)]
    pub options: Options,
    /// A section of a finished job's article to write again, rather than a new article.
    /// Set by `POST /v1/articles/{id}/sections/{n}/repair`, not by a client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair: Option<SectionRepair>,
}

/// A section of an article written again: which job's article, which section, and the
/// article as it was (kept in the job, so that it runs whatever becomes of the other).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRepair {
    /// The job whose article it is.
    pub of: String,
    /// The section, from 1, as the article's `##` subheadings count them (« L'essentiel »
    /// and « Questions fréquentes » aside).
    pub section: usize,
    pub article: crate::document::Article,
}

/// How far a running job is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The writer's last stage line.
    pub stage: String,
    /// The draft's section being written (from 1), and how many there are.
    pub section: Option<usize>,
    pub sections: Option<usize>,
    /// Body words kept so far, against the target.
    pub words: usize,
    pub target: usize,
    pub elapsed_seconds: f64,
    /// Seconds left, guessed from the draft's work done so far (`Event::Work`).
    pub eta_seconds: Option<f64>,
}

/// What a finished job made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobResult {
    pub markdown: String,
    pub html: String,
    /// The article with its checks and statistics, as `write --format json` gives it.
    pub json: Value,
    pub words: usize,
    pub score: u32,
    /// Why the article falls short of what was asked, if it does (the CLI's "incomplete").
    pub shortfall: Option<String>,
    pub warnings: Vec<String>,
}

/// An error as the API gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

/// One job, as it is kept and served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    pub status: Status,
    /// Seconds since the Unix epoch.
    pub created: f64,
    pub started: Option<f64>,
    pub finished: Option<f64>,
    pub request: JobRequest,
    pub progress: Progress,
    pub result: Option<JobResult>,
    pub error: Option<ApiError>,
}

impl Job {
    /// Seconds it ran, once it has ended after starting.
    pub fn ran_seconds(&self) -> Option<f64> {
        Some(self.finished? - self.started?)
    }

    /// The job without its source and result: what lists and progress events carry.
    pub fn summary(&self) -> Value {
        serde_json::json!({
            "id": self.id,
            "status": self.status,
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
            "progress": self.progress,
            "words": self.result.as_ref().map(|r| r.words),
            "score": self.result.as_ref().map(|r| r.score),
            "shortfall": self.result.as_ref().and_then(|r| r.shortfall.clone()),
            "error": self.error,
            "title": self.result.as_ref().and_then(|r| r.json.get("title").cloned()),
            "repair": self.request.repair.as_ref().map(|r| serde_json::json!({
                "of": r.of,
                "section": r.section,
            })),
        })
    }
}
