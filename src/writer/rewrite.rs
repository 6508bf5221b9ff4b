//! Rewriting one source sentence: the few-shot reformulation frame, several sampled
//! candidates under the copy guard, each cut at its last sentence the gate accepts, and the
//! best kept by grounding in its section's facts, coverage of the sentence, distance from
//! the source's wording and short sentences.

use std::collections::HashSet;

use anyhow::Result;

use super::steer::Steer;
use super::{filter, judge, Event, Writer, COPY_GUARD_TOKENS};
use crate::engine::{Flow, GenerationConfig};
use crate::grounding::{content_stems, Grounding};
use crate::sampling::SamplingConfig;
use crate::seo::style::LONG_SENTENCE_WORDS;
use crate::text::{self, word_count};

/// Tokens one reformulation may take (a long source sentence, said in two or three).
const REWRITE_TOKENS: usize = 90;
/// Candidates that pass the gate before the best of them is taken.
const ENOUGH_PASSING: usize = 2;
/// A first passing candidate ranked this high is taken at once: fully supported, covering
/// most of its sentence, sharing little wording with the source.
const GOOD_ENOUGH: f64 = 1.3;

/// The finished words of a sentence being written: all but the last, which may be cut.
fn finished_words(partial: &str) -> Option<&str> {
    let end = partial.trim_end().rfind(char::is_whitespace)?;
    Some(&partial[..end])
}

/// Why the sentence whose `finished` words these are will be refused whatever its end: a
/// name, figure, word of no language or content words the source lacks.
fn doomed(finished: &str, facts: &crate::facts::Facts) -> Option<filter::Rejection> {
    if let Some(name) = facts.invented_names(finished).into_iter().next() {
        return Some(filter::Rejection::InventedName(name));
    }
    if let Some(figure) = facts.invented_numbers(finished).into_iter().next() {
        return Some(filter::Rejection::InventedFigure(figure));
    }
    if let Some(word) = facts.unknown_words(finished).into_iter().next() {
        return Some(filter::Rejection::UnknownWord(word.to_string()));
    }
    let support = facts.grounding.support(finished);
    (support.unsupported.len() > filter::MAX_UNSUPPORTED)
        .then_some(filter::Rejection::Unsupported(support.unsupported))
}

/// How one candidate compares: higher is better.
fn rank(
    sentences: &[String],
    section: &Grounding,
    fact_stems: &HashSet<String>,
    source_overlap: (usize, usize),
    steer: &Steer,
) -> f64 {
    let text = sentences.join(" ");
    let support = section
        .precision(sentences.iter().map(String::as_str))
        .share();
    let stems: HashSet<String> = content_stems(&text).into_iter().map(|(_, s)| s).collect();
    let coverage = match fact_stems.len() {
        0 => 1.0,
        n => fact_stems.intersection(&stems).count() as f64 / n as f64,
    };
    let overlap = match source_overlap {
        (_, 0) => 0.0,
        (shared, total) => shared as f64 / total as f64,
    };
    let long = sentences
        .iter()
        .filter(|s| word_count(s) > LONG_SENTENCE_WORDS)
        .count() as f64
        / sentences.len().max(1) as f64;
    support + 0.5 * coverage - overlap - 0.5 * long + steer.bonus(&text)
}

/// What a reformulation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Sentences of a section.
    Prose,
    /// One short sentence, an item of « L'essentiel ».
    Gist,
    /// One question that the source answers.
    Question,
}

/// Most words in a gist, which a reader takes in at a glance.
const GIST_WORDS: usize = 16;

impl Shape {
    /// The candidate's kept sentences as this shape takes them (a gist or a question is its
    /// first sentence), or why they do not make it.
    fn take(self, mut kept: Vec<String>) -> Result<Vec<String>, Option<filter::Rejection>> {
        if kept.is_empty() {
            return Err(None);
        }
        if self != Self::Prose {
            kept.truncate(1);
        }
        let words = word_count(&kept[0]);
        match self {
            Self::Gist if words > GIST_WORDS => Err(Some(filter::Rejection::TooLong(words))),
            Self::Question if !kept[0].trim_end().ends_with('?') => {
                Err(Some(filter::Rejection::Incomplete))
            }
            _ => Ok(kept),
        }
    }
}

/// Times a section's source sentences may be said, at most, while it is short of words.
const RESTATEMENTS: usize = 2;

impl Writer<'_, '_> {
    /// Sentences for one section, continuing `written`, until `target` words: each of its
    /// source sentences rewritten in turn, then again in other words while the section is
    /// short (a restatement, never new matter).
    pub(super) fn rewrite_section(
        &mut self,
        facts: &[String],
        mut written: Vec<String>,
        target: usize,
        steer: &Steer,
    ) -> Result<Vec<String>> {
        for _ in 0..RESTATEMENTS {
            for fact in facts {
                if word_count(&written.join(" ")) >= target {
                    return Ok(written);
                }
                if let Some(sentences) = self.rewrite_fact(fact, facts, steer, Shape::Prose)? {
                    written.extend(sentences);
                }
            }
        }
        Ok(written)
    }

    /// `fact` said again in other words (in the `shape` asked), grounded in `section` (the
    /// facts of its part), as sentences the gate accepted; `None` when no candidate passed.
    pub(super) fn rewrite_fact(
        &mut self,
        fact: &str,
        section: &[String],
        steer: &Steer,
        shape: Shape,
    ) -> Result<Option<Vec<String>>> {
        let prompt = match shape {
            Shape::Prose => self.prompts.rewrite(fact)?,
            Shape::Gist => self.prompts.gist(fact)?,
            Shape::Question => self.prompts.question(fact)?,
        };
        let local = Grounding::new(section.iter().map(String::as_str));
        let mut favoured = self.generator.copy_reference(&section.join(" "))?;
        favoured.sort_unstable();
        favoured.dedup();
        let fact_stems: HashSet<String> = content_stems(fact).into_iter().map(|(_, s)| s).collect();
        let mut best: Option<(f64, Vec<String>)> = None;
        let mut passing = 0;
        for _ in 0..self.config.candidates_per_sentence {
            // No repeat penalty: the sentence to rewrite is in the recent tokens it looks at,
            // and its words are the ones to use (the copy guard stops verbatim runs).
            let sampling = SamplingConfig {
                repeat_penalty: 1.0,
                ..self.sampling()
            };
            let mut config = GenerationConfig::new(REWRITE_TOKENS, sampling);
            config.copy_reference = self.copy_reference.clone();
            config.copy_guard_tokens = COPY_GUARD_TOKENS;
            config.favoured = favoured.clone();
            config.bias = self.config.source_bias;
            // The gate judges each sentence once the next has begun, and stops the candidate
            // at its first refused sentence: what came before it is kept.
            let mut line = String::new();
            let mut kept: Vec<String> = Vec::new();
            let mut refused = None;
            let mut judged = String::new();
            let mut context = self.kept.clone();
            let (gate, facts) = (self.config.gate, &self.facts);
            let on_event = &mut self.on_event;
            let local = &local;
            // Beyond the source as a whole, a sentence must be supported by its section's
            // facts: words gathered from all over the source make new claims.
            let judge_next = |sentence: &str, context: &mut Vec<String>| {
                judge(gate, true, sentence, facts, context)?;
                let support = local.support(sentence);
                if gate && !support.is_supported() {
                    return Err(filter::Rejection::Unsupported(support.unsupported));
                }
                context.push(sentence.to_string());
                Ok(sentence.to_string())
            };
            let generation = self.generator.run(&prompt, &config, &mut |piece| {
                on_event(Event::Text(piece));
                line.push_str(piece);
                let ended = line.trim_start().contains('\n');
                let text = line.trim_start().lines().next().unwrap_or("").to_string();
                let sentences = text::sentences(&text);
                let complete = sentences.len().saturating_sub(usize::from(!ended));
                for sentence in &sentences[kept.len()..complete.max(kept.len())] {
                    match judge_next(sentence, &mut context) {
                        Ok(s) => kept.push(s),
                        Err(reason) => {
                            refused = Some(reason);
                            return Flow::Halt;
                        }
                    }
                }
                // A sentence already doomed is not written to its end; its finished words
                // are judged once each time they grow, not at every token.
                if gate && !ended {
                    let finished = sentences.get(complete).and_then(|s| finished_words(s));
                    if let Some(finished) = finished.filter(|f| *f != judged) {
                        judged = finished.to_string();
                        if let Some(reason) = doomed(finished, facts) {
                            refused = Some(reason);
                            return Flow::Halt;
                        }
                    }
                }
                match ended {
                    true => Flow::Halt,
                    false => Flow::Continue,
                }
            })?;
            self.report.stats.accumulate(&generation.stats);
            // Out of tokens or ended by the model: the last sentence is judged as it is.
            if refused.is_none() && !line.trim_start().contains('\n') {
                let text = line.trim().to_string();
                if let Some(last) = text::sentences(&text).get(kept.len()) {
                    match judge_next(last, &mut context) {
                        Ok(s) => kept.push(s),
                        Err(reason) => refused = Some(reason),
                    }
                }
            }
            if let Some(reason) = refused {
                self.count_rejection(&reason);
            }
            let kept = match shape.take(kept) {
                Ok(kept) => kept,
                Err(reason) => {
                    if let Some(reason) = reason {
                        self.count_rejection(&reason);
                    }
                    continue;
                }
            };
            let overlap = self.facts.source_ngrams_in(&kept.join(" "));
            let score = rank(&kept, local, &fact_stems, overlap, steer);
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, kept));
            }
            passing += 1;
            if passing >= ENOUGH_PASSING || score >= GOOD_ENOUGH {
                break;
            }
        }
        if let Some((_, sentences)) = &best {
            self.kept.extend(sentences.iter().cloned());
            self.by_model.extend(sentences.iter().cloned());
            self.report.kept_sentences += sentences.len();
        }
        Ok(best.map(|(_, s)| s))
    }
}
