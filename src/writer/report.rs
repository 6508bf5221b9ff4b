//! What the writer tells as it goes (`Event`) and what it hands back with the article
//! (`WriteReport`).

use std::collections::BTreeMap;

use super::{rewrite, spending, ProgramText};
use crate::engine::GenerationStats;
use crate::seo::SeoReport;

/// What happened while writing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteReport {
    pub stats: GenerationStats,
    pub attempts: usize,
    pub kept_sentences: usize,
    /// Dropped sentences by reason.
    pub rejected: BTreeMap<String, usize>,
    /// Generated tokens by what became of them (kept, refused by kind, …).
    pub spent: spending::Spending,
    /// The check of the first draft, before any repair.
    pub draft_check: Option<SeoReport>,
    /// The check of the article as returned.
    pub check: Option<SeoReport>,
    /// What the repair pass changed, in words.
    pub repairs: Vec<String>,
    /// Time spent checking drafts and candidates (outside the model).
    pub check_time: std::time::Duration,
    /// Text the program wrote rather than the model, with the body words it makes.
    pub program_text: ProgramText,
    /// What the reader should know about how the source was used (a source condensed to fit
    /// the context).
    pub warnings: Vec<String>,
}

/// Progress the writer reports as it goes.
pub enum Event<'a> {
    Stage(String),
    /// Raw model text, as it is generated.
    Text(&'a str),
    /// Words the gate has kept so far, against the body words asked for.
    Words {
        kept: usize,
        target: usize,
    },
    /// The draft's work done so far, of all it has to do, each part weighed by the source
    /// sentences it is written from: what a time left is estimated from (the words kept are
    /// not, as a short source never reaches the words asked for).
    Work {
        done: usize,
        total: usize,
    },
    /// The draft's section `number` (from 1) of `count` begins.
    Section {
        number: usize,
        count: usize,
    },
    /// A rewrite candidate as it ended (for `--trace`).
    Candidate(rewrite::CandidateTrace<'a>),
    /// The sentences taken for a source sentence, of all its candidates (`None`: none).
    Fact {
        shape: &'static str,
        fact: &'a str,
        taken: Option<&'a [String]>,
    },
}
