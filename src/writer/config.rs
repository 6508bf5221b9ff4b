//! What an article must be and how it is written: the writer's settings, merged once from
//! the defaults, the source's request line and the flags.

use anyhow::Result;

use super::Media;
use crate::article::ArticleRequest;
use crate::sampling::SamplingConfig;
use crate::seo;

/// The default `WriteConfig::retractions`.
pub const DEFAULT_RETRACTIONS: usize = 0;

/// The default `WriteConfig::min_logprob`.
pub const DEFAULT_MIN_LOGPROB: f32 = -1.0;

#[derive(Debug, Clone)]
pub struct WriteConfig {
    pub min_words: usize,
    pub min_sections: usize,
    pub sampling: SamplingConfig,
    /// How sections are written.
    pub method: Method,
    /// Sampled reformulations of one source sentence, at most, in `Method::Rewrite`; the
    /// best that passes the gate is kept.
    pub candidates_per_sentence: usize,
    /// Attempts a section gets to reach its word target in `Method::Notes`.
    pub attempts_per_section: usize,
    /// Added to the logits of the tokens of a section's source sentences while rewriting
    /// them (0 for none): the model leans on the source's words.
    pub source_bias: f32,
    /// In `Method::Rewrite`, the least mean log-probability per token (nats) the model may
    /// have given a sentence it wrote, under the prompt it wrote it from; below, the gate
    /// refuses it as garbled (`f32::NEG_INFINITY` turns it off).
    pub min_logprob: f32,
    /// In `Method::Rewrite`, times a candidate may take back the word that doomed its
    /// sentence and draw another in its place before it is stopped (0: stopped at once).
    pub retractions: usize,
    /// Drop the sentences the gate refuses (off only to measure what the gate does).
    pub gate: bool,
    /// In `Method::Rewrite`, the copy guard also reads the sentences already kept, so that
    /// a restatement is worded anew (off only to measure what it does).
    pub guard_article: bool,
    /// In `Method::Rewrite`, a candidate refused while written for a word wrong in form
    /// marks that word's last token a dead end after its path, for the candidates after it
    /// from the same prompt in the article (off by default: it costs tokens and brings few
    /// words, `BENCHMARKS.md`).
    pub dead_ends: bool,
    /// Check the draft and repair what fails.
    pub repair: bool,
    /// Candidates per repaired section, the draft's included; the best by score is kept.
    pub candidates: usize,
    /// Count rules that still fail after repair as a shortfall (the article is written, and
    /// reported incomplete).
    pub strict: bool,
    /// The source's credit and the figure the article carries.
    pub media: Media,
    /// The focus keyphrase, instead of the source's most salient phrase.
    pub keyphrase: Option<String>,
}

impl Default for WriteConfig {
    fn default() -> Self {
        Self {
            min_words: seo::DEFAULT_MIN_WORDS,
            min_sections: seo::DEFAULT_MIN_SECTIONS,
            sampling: SamplingConfig::default(),
            method: Method::default(),
            candidates_per_sentence: 6,
            attempts_per_section: 24,
            source_bias: 1.5,
            min_logprob: DEFAULT_MIN_LOGPROB,
            retractions: DEFAULT_RETRACTIONS,
            gate: true,
            guard_article: true,
            dead_ends: false,
            repair: true,
            media: Media::default(),
            candidates: 2,
            strict: false,
            keyphrase: None,
        }
    }
}

impl WriteConfig {
    /// What the article must be, merged once: the flags (`overrides`) win over the source's
    /// request line (`request`), which wins over `self` (the defaults and other settings).
    /// Only French is written.
    pub fn resolve(self, request: &ArticleRequest, overrides: &ArticleRequest) -> Result<Self> {
        let language = overrides
            .language
            .as_deref()
            .or(request.language.as_deref())
            .unwrap_or("fr");
        check_language(language)?;
        Ok(Self {
            min_words: overrides
                .min_words
                .or(request.min_words)
                .unwrap_or(self.min_words),
            min_sections: overrides
                .min_sections
                .or(request.min_sections)
                .unwrap_or(self.min_sections),
            ..self
        })
    }
}

/// How the model writes a section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Method {
    /// Each source sentence reformulated in turn, every sentence checked against the source's
    /// content words (grounded; shorter from a short source, never padded).
    #[default]
    Rewrite,
    /// The article continued freely after the facts given as notes; names, figures and
    /// copies are checked, the rest is not (most of its sentences the source does not
    /// support).
    Notes,
}

/// Refuses a language other than French, the one redacteur writes.
pub fn check_language(language: &str) -> Result<()> {
    match language {
        "fr" => Ok(()),
        _ => anyhow::bail!(
            "language `{language}` is not supported: redacteur writes French (`--language fr`)"
        ),
    }
}
