//! The whole `write` pipeline as a benchmark: per model, setting and input, how long it took,
//! how fast it decoded, and what the article's check says of it.

use std::time::Instant;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::article::SourceArticle;
use crate::engine::Engine;
use crate::seo::{Rule, SeoReport, Status};
use crate::writer::{self, WriteConfig};

/// One article written by one model with one setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleResult {
    pub model: String,
    /// The setting compared, e.g. `candidates 3`.
    pub setting: String,
    pub input: String,
    pub wall_seconds: f64,
    pub generated_tokens: usize,
    pub decode_tokens_per_second: f64,
    pub body_words: usize,
    pub subheadings: usize,
    pub french: bool,
    pub score: u32,
    /// Share of the source's names the article keeps, in percent.
    pub names_kept: f64,
    /// Share of the source's figures the article keeps, in percent.
    pub figures_kept: f64,
    pub invented_figures: u64,
    pub repeated_sentences: u64,
    /// Tokens generated for each token of the finished article (its headings and body):
    /// the waste of refused sentences, losing candidates and repairs.
    #[serde(default)]
    pub generated_per_kept: f64,
    /// Share of sentences the source supports, and of body content words it has (the
    /// `grounded-sentences` and `content-precision` rules).
    #[serde(default)]
    pub supported: f64,
    #[serde(default)]
    pub precision: f64,
    /// Sentences the gate dropped, by kind.
    #[serde(default)]
    pub rejected: std::collections::BTreeMap<String, usize>,
    /// Generated tokens by what became of them: kept, each kind of refusal, the rest.
    #[serde(default)]
    pub spent: crate::writer::spending::Spending,
}

impl ArticleResult {
    /// `170 not supported by the source, 96 repeated, 62 invented name`: the `n` most
    /// frequent kinds of dropped sentences.
    pub fn top_rejections(&self, n: usize) -> String {
        let mut kinds: Vec<(&String, &usize)> = self.rejected.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        kinds
            .iter()
            .take(n)
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn value(report: &SeoReport, rule: Rule) -> Option<serde_json::Value> {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .map(|f| f.value.clone())
}

/// Writes `source` with `generator` and `config`, and measures it.
pub fn run(
    generator: &mut dyn Engine,
    model: &str,
    setting: &str,
    source: &SourceArticle,
    config: &WriteConfig,
) -> Result<ArticleResult> {
    let started = Instant::now();
    let (article, report) = writer::write_article(generator, source, config, &mut |_| {})?;
    let wall_seconds = started.elapsed().as_secs_f64();
    let check = report
        .check
        .clone()
        .context("the writer returned no check of its article")?;
    let number = |rule: Rule| value(&check, rule).and_then(|v| v.as_f64()).unwrap_or(0.0);
    let mut kept_tokens = 0;
    for part in article.parts() {
        kept_tokens += generator.count_tokens(part.text)?;
    }
    Ok(ArticleResult {
        model: model.to_string(),
        setting: setting.to_string(),
        input: source.origin.clone(),
        wall_seconds,
        generated_tokens: report.stats.generated_tokens,
        decode_tokens_per_second: report.stats.decode_tokens_per_second(),
        body_words: article.body_word_count(),
        // The H2 as the check counts them (« L'essentiel » and the FAQ's heading too), as
        // `write` counts them against the subheadings asked for.
        subheadings: number(Rule::Subheadings) as usize,
        french: check.status_of(Rule::Language) == Some(Status::Ok),
        score: check.score,
        names_kept: number(Rule::EntitiesKept),
        figures_kept: number(Rule::FiguresKept),
        invented_figures: number(Rule::InventedFigures) as u64,
        repeated_sentences: number(Rule::RepeatedSentences) as u64,
        generated_per_kept: report.stats.generated_tokens as f64 / kept_tokens.max(1) as f64,
        supported: number(Rule::GroundedSentences),
        precision: number(Rule::ContentPrecision),
        rejected: report.rejected.clone(),
        spent: report.spent.clone(),
    })
}
