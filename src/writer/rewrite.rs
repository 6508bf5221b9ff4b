//! Rewriting one source sentence: the few-shot reformulation frame, several sampled
//! candidates under the copy guard, each cut at its last sentence the gate accepts, and the
//! best kept by grounding in its section's facts, coverage of the sentence, distance from
//! the source's wording, short sentences and the model's own likelihood of them.

use std::collections::HashSet;

use anyhow::Result;

use super::candidate::Candidate;
use super::likelihood;
use super::steer::Steer;
use super::{filter, spending, Event, Writer, COPY_GUARD_TOKENS};
use crate::engine::{Flow, GenerationConfig};
use crate::grounding::{content_stems, Grounding};
use crate::sampling::SamplingConfig;
use crate::seo::style::LONG_SENTENCE_WORDS;
use crate::text::{self, word_count};

/// Tokens one reformulation may take (a long source sentence, said in two or three).
const REWRITE_TOKENS: usize = 90;
/// Rounds of candidates for one fact (`candidates_per_sentence` each), while none has passed.
const FACT_ROUNDS: usize = 2;
/// Times a fact may be asked for in one shape and come back with nothing, after which it
/// is not asked for again in the article. In stop 69's twelve traces, a fact's first ask
/// took something one time in five (762 tokens for each taken); after three that took
/// nothing, one in thirty (about 4,500 tokens each): 47,254 tokens, a third of all, for 16
/// of 61 prose rewrites taken.
const GIVE_UP_AFTER: usize = 3;
/// `GIVE_UP_AFTER` for a gist: a fact whose gist « L'essentiel » asked for and did not get
/// is asked again only as an answer of the FAQ, and then seldom gives one (in `8ec4e84`'s
/// twelve traces, 3 of 46 such second asks, for 10,441 tokens, 0.11 of all).
const GIVE_UP_GIST_AFTER: usize = 1;
/// Candidates that pass the gate before the best of them is taken.
const ENOUGH_PASSING: usize = 2;
/// A first passing candidate ranked this high is taken at once: fully supported, covering
/// most of its sentence, sharing little wording with the source.
const GOOD_ENOUGH: f64 = 1.3;

/// How one candidate compares: higher is better.
fn rank(
    sentences: &[String],
    section: &Grounding,
    fact_stems: &HashSet<String>,
    source_overlap: (usize, usize),
    logprobs: &[Option<f32>],
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
    support + 0.5 * coverage - overlap - 0.5 * long
        + likelihood::rank_bonus(logprobs)
        + steer.bonus(&text)
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

impl Shape {
    /// The shape's name in `--trace`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Prose => "prose",
            Self::Gist => "gist",
            Self::Question => "question",
        }
    }
}

/// One candidate as it ended, for `write --trace`: what it rewrote, what it wrote, and
/// what the gate made of it.
#[derive(Debug, serde::Serialize)]
pub struct CandidateTrace<'a> {
    /// `prose`, `gist` or `question`.
    pub shape: &'static str,
    /// The source sentence it rewrote.
    pub fact: &'a str,
    /// All it wrote.
    pub text: &'a str,
    pub tokens: usize,
    /// Why the gate (or the shape) stopped it, if it did.
    pub refused: Option<String>,
    /// The sentences the gate passed before it stopped.
    pub passed: &'a [String],
    /// The words it took back as they doomed their sentence, each with why, in order.
    pub retracted: &'a [String],
    /// The refused sentence cut short before a clause, where the gate took it so (it is the
    /// last of `passed`).
    pub cut: Option<&'a str>,
    /// The mean log-probability per token (nats) the model gave each sentence the other
    /// rules passed, in order, the one refused under the floor included (`None` where the
    /// engine does not say).
    pub logprobs: Vec<Option<f32>>,
}

/// Most words in a gist, which a reader takes in at a glance.
const GIST_WORDS: usize = 16;

impl Shape {
    /// The candidate's kept sentences as this shape takes them (a gist or a question is its
    /// first sentence; guillemets spaced as French writes them), or why they do not make it.
    fn take(
        self,
        mut kept: Vec<String>,
        anaphora: &crate::grounding::Anaphora,
    ) -> Result<Vec<String>, Option<filter::Rejection>> {
        if kept.is_empty() {
            return Err(None);
        }
        for sentence in &mut kept {
            *sentence = crate::text::spaced_guillemets(sentence);
        }
        if self != Self::Prose {
            kept.truncate(1);
            // A list item or a question stands alone.
            if let Some(pronoun) = filter::dangling(&kept[0]) {
                return Err(Some(filter::Rejection::Dangling(pronoun)));
            }
            // Nor a demonstrative: « Cette décision intervient… », written after other items
            // of « L'essentiel » and put first in the source's order (the seed dispatch, seed
            // 2, at a83199f).
            if let Some(phrase) = anaphora.unpointed(&kept[0], &[]) {
                return Err(Some(filter::Rejection::Unpointed(phrase)));
            }
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

/// Words a sentence may open with beyond the source's own words and `text::STOPWORDS`:
/// connectors, interrogatives and pronouns, capitalised as a sentence's first word is.
const SENTENCE_STARTERS: &[&str] = &[
    "À",
    "Après",
    "Ainsi",
    "Alors",
    "Aujourd'hui",
    "Aussi",
    "Autrement",
    "Avant",
    "Certains",
    "Certaines",
    "Cependant",
    "Chaque",
    "Combien",
    "Comme",
    "Comment",
    "Concrètement",
    "Déjà",
    "Depuis",
    "Désormais",
    "Dès",
    "Également",
    "Enfin",
    "Ensuite",
    "Entre",
    "Est-ce",
    "Grâce",
    "Lors",
    "Lorsque",
    "Mais",
    "Même",
    "Notamment",
    "Où",
    "Outre",
    "Parmi",
    "Pendant",
    "Plusieurs",
    "Pour",
    "Pourquoi",
    "Pourtant",
    "Puis",
    "Quand",
    "Quel",
    "Quelle",
    "Quelles",
    "Quels",
    "Selon",
    "Toutefois",
    "Tous",
    "Toutes",
];

/// The words a rewrite may write: the source's words as written, French function words,
/// their capitalised forms and sentence openers where a sentence, a quotation or what follows
/// a colon opens, the source's figures whole (« 3 200 », not « 200 »), and lowercase words
/// that the gate's grounding takes.
pub(super) fn word_guard(facts: &crate::facts::Facts) -> crate::sampling::WordGuard {
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    };
    let mut words: Vec<String> = Vec::new();
    let mut openers: Vec<String> = Vec::new();
    for sentence in &facts.sentences {
        for w in text::words(sentence) {
            words.push(w.to_string());
            openers.push(capitalised(w));
        }
    }
    // Function words open clauses inside a sentence too (`, Les`, a title).
    words.extend(crate::text::STOPWORDS.iter().map(|w| capitalised(w)));
    openers.extend(SENTENCE_STARTERS.iter().map(|w| w.to_string()));
    crate::sampling::WordGuard::new(words)
        .with_openers(openers)
        .with_figures(facts.numbers.iter().cloned())
        .with_grouped(
            facts
                .sentences
                .iter()
                .flat_map(|s| crate::facts::figures(s))
                .map(|(written, _)| written),
        )
        .with_dated_years(facts.dated_years().clone())
        .with_vocabulary(std::sync::Arc::new(crate::grounding::Vocabulary::new(
            &facts.grounding,
        )))
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
                if let Some(sentences) =
                    self.rewrite_fact(fact, facts, &written, steer, Shape::Prose)?
                {
                    written.extend(sentences);
                }
            }
        }
        Ok(written)
    }

    /// `fact` said again in other words (in the `shape` asked), grounded in `section` (the
    /// facts of its part) and saying nothing that the `part`'s sentences written so far
    /// say, as sentences the gate accepted; `None` when no candidate passed.
    pub(super) fn rewrite_fact(
        &mut self,
        fact: &str,
        section: &[String],
        part: &[String],
        steer: &Steer,
        shape: Shape,
    ) -> Result<Option<Vec<String>>> {
        let tried = (shape.name(), fact.to_string());
        let give_up = match shape {
            Shape::Gist => GIVE_UP_GIST_AFTER,
            _ => GIVE_UP_AFTER,
        };
        if self.failed.get(&tried).is_some_and(|&n| n >= give_up) {
            return Ok(None);
        }
        if shape == Shape::Prose && self.said(fact) {
            return Ok(None);
        }
        let in_short = shape == Shape::Prose
            && self.failed.get(&tried).is_some_and(|&n| n > 0)
            && !self.gisted.contains(fact);
        if shape == Shape::Gist {
            self.gisted.insert(fact.to_string());
        }
        let prompt = match shape {
            // A fact the prose frame got nothing of is asked for in short: a gist passes
            // the gate about twice as often as a first prose ask, and four times as often
            // as a second (`8ec4e84`'s twelve traces: 45 of 117 gist asks took one, 25 of
            // 132 first prose asks, 18 of 212 later ones).
            Shape::Prose if in_short => self.prompts.gist(fact)?,
            Shape::Prose => self.prompts.rewrite(fact)?,
            Shape::Gist => self.prompts.gist(fact)?,
            Shape::Question => self.prompts.question(fact)?,
        };
        let local = Grounding::new(section.iter().map(String::as_str));
        let mut favoured = self.generator.copy_reference(&section.join(" "))?;
        favoured.sort_unstable();
        favoured.dedup();
        let fact_stems: HashSet<String> = content_stems(fact).into_iter().map(|(_, s)| s).collect();
        // The guard reads the article written so far beside the source: a restatement must
        // find other words than the sentences already kept, not only than the source.
        let mut guarded = self.copy_reference.clone();
        if self.config.guard_article && !self.kept.is_empty() {
            guarded.extend(
                self.generator
                    .copy_reference(&format!("\n{}", self.kept.join("\n")))?,
            );
        }
        let dead_ends = match self.config.dead_ends {
            true => Some(self.dead_ends.entry(prompt.clone()).or_default().clone()),
            false => None,
        };
        let mut best: Option<(f64, Vec<String>, usize)> = None;
        // Each candidate as it ended, for the tally of where the tokens went.
        let mut ended: Vec<Ended> = Vec::new();
        // A fact none of whose candidates passed is sampled once more: the gate refuses
        // most of what a small model writes, and a fact left unsaid is words lost. The
        // rounds are one run, so that the second round's candidates take the slots the
        // first round's leave as they end; once one passes, no more start.
        let mut passing = 0;
        let count = self.config.candidates_per_sentence * FACT_ROUNDS;
        let configs: Vec<GenerationConfig> = (0..count)
            .map(|_| {
                // No repeat penalty: the sentence to rewrite is in the recent tokens it looks
                // at, and its words are the ones to use (the copy guard stops verbatim runs).
                let sampling = SamplingConfig {
                    repeat_penalty: 1.0,
                    ..self.sampling()
                };
                let mut config = GenerationConfig::new(REWRITE_TOKENS, sampling);
                config.copy_reference = guarded.clone();
                config.copy_guard_tokens = COPY_GUARD_TOKENS;
                config.favoured = favoured.clone();
                config.bias = self.config.source_bias;
                config.words = Some(self.words.clone());
                config.likelihood = true;
                config.latin_only = true;
                config.dead_ends = dead_ends.clone();
                config
            })
            .collect();
        // Both callbacks reach the candidates: the text's as it comes, the end's once.
        let candidates: std::cell::RefCell<Vec<Candidate>> = (0..count)
            .map(|_| {
                Candidate::new(
                    self.kept.clone(),
                    part.to_vec(),
                    self.config.retractions,
                    self.config.dead_ends,
                )
                .following(self.read_before.clone())
            })
            .collect::<Vec<_>>()
            .into();
        let mut rejections = Vec::new();
        let (gate, min_logprob) = (self.config.gate, self.config.min_logprob);
        let (facts, on_event) = (&self.facts, &mut self.on_event);
        // The engine decodes several candidates side by side where it can; each is judged as
        // it ends, and the run ends once enough have passed or one is good enough.
        let stats = self.generator.run_branches(
            &prompt,
            &configs,
            &mut |i, piece| candidates.borrow_mut()[i].step(piece, gate, facts, &local),
            &mut |i, generation| {
                on_event(Event::Text(&generation.text));
                on_event(Event::Text("\n"));
                let candidate = &mut candidates.borrow_mut()[i];
                candidate.finish(gate, facts, &local);
                let logprobs = likelihood::sentence_logprobs(generation, &candidate.kept);
                if gate {
                    candidate.cut_unlikely(&logprobs, min_logprob);
                }
                let refused = candidate.refused.take();
                let kept = std::mem::take(&mut candidate.kept);
                let taken = shape.take(kept, &facts.grounding.anaphora);
                let shape_refused = taken.as_ref().err().and_then(Option::as_ref);
                on_event(Event::Candidate(CandidateTrace {
                    shape: shape.name(),
                    fact,
                    text: generation.text.trim(),
                    tokens: generation.stats.generated_tokens,
                    refused: shape_refused.or(refused.as_ref()).map(ToString::to_string),
                    passed: taken.as_deref().unwrap_or_default(),
                    retracted: &candidate.retracted,
                    cut: candidate.cut.as_deref(),
                    logprobs: logprobs.clone(),
                }));
                let mut end = Ended {
                    tokens: generation.stats.generated_tokens,
                    refused: refused.as_ref().map(filter::Rejection::category),
                    passed: None,
                };
                rejections.extend(refused);
                let kept = match taken {
                    Ok(kept) => kept,
                    Err(reason) => {
                        // The shape's reason stands where it refused sentences the
                        // gate passed.
                        if let Some(reason) = &reason {
                            end.refused = Some(reason.category());
                        }
                        rejections.extend(reason);
                        ended.push(end);
                        return Flow::Continue;
                    }
                };
                let text = kept.join(" ");
                let overlap = facts.source_ngrams_in(&text);
                end.passed = Some(text);
                ended.push(end);
                // The likelihood of the sentences taken, not of those a shape left out.
                let likely = &logprobs[..kept.len().min(logprobs.len())];
                let score = rank(&kept, &local, &fact_stems, overlap, likely, steer);
                if best.as_ref().is_none_or(|(b, ..)| score > *b) {
                    best = Some((score, kept, ended.len() - 1));
                }
                passing += 1;
                match passing >= ENOUGH_PASSING || score >= GOOD_ENOUGH {
                    true => Flow::Halt,
                    false => Flow::Drain,
                }
            },
        )?;
        self.report.stats.accumulate(&stats);
        let finished: usize = ended.iter().map(|e| e.tokens).sum();
        self.report.spent.spend(
            spending::UNFINISHED,
            stats.generated_tokens.saturating_sub(finished),
        );
        for reason in &rejections {
            self.count_rejection(reason);
        }
        (self.on_event)(Event::Fact {
            shape: shape.name(),
            fact,
            taken: best.as_ref().map(|(_, sentences, _)| sentences.as_slice()),
        });
        self.tally(&ended, best.as_ref().map(|(.., at)| *at))?;
        if best.is_none() {
            *self.failed.entry(tried).or_default() += 1;
        }
        if let Some((_, sentences, _)) = &best {
            if shape == Shape::Prose || says_all_of(sentences, fact) {
                self.said.insert(fact.to_string(), sentences.clone());
            }
            self.kept.extend(sentences.iter().cloned());
            self.by_model.extend(sentences.iter().cloned());
            self.report.kept_sentences += sentences.len();
            self.words_kept();
        }
        Ok(best.map(|(_, s, _)| s))
    }

    /// Whether `fact` is said in the article as it stands, in prose or in a gist that says
    /// all of it (see `says_all_of`); an answer of « Questions fréquentes » dropped with its
    /// question is not. Asked for again, the model writes the same sentence, which the gate
    /// refuses as a repeat: in stop 70's twelve traces, 125 such asks took 4 sentences, each
    /// an answer's whose question had been dropped, for 19,020 tokens (0.17 of all).
    fn said(&self, fact: &str) -> bool {
        self.said
            .get(fact)
            .is_some_and(|said| said.iter().all(|s| self.kept.contains(s)))
    }

    /// Charges each ended candidate's tokens: a passing one's to `KEPT` when it is the one
    /// taken (`best`), else to `OUTRANKED`; the sentence the gate refused after its kept
    /// ones, or a candidate that kept nothing, to the refusal's kind.
    fn tally(&mut self, ended: &[Ended], best: Option<usize>) -> Result<()> {
        for (at, end) in ended.iter().enumerate() {
            let refused = end.refused.unwrap_or(spending::NOTHING);
            let Some(text) = &end.passed else {
                self.report.spent.spend(refused, end.tokens);
                continue;
            };
            let kind = match Some(at) == best {
                true => spending::KEPT,
                false => spending::OUTRANKED,
            };
            let passed = match end.refused {
                Some(_) => self.generator.count_tokens(text)?.min(end.tokens),
                None => end.tokens,
            };
            self.report.spent.spend(kind, passed);
            self.report.spent.spend(refused, end.tokens - passed);
        }
        Ok(())
    }
}

/// A candidate as it ended: the tokens it took, the kind of the sentence that stopped it,
/// and the text of the sentences it passed, if it passed.
struct Ended {
    tokens: usize,
    refused: Option<&'static str>,
    passed: Option<String>,
}

/// Share of a source sentence's content stems that a gist of it must say for the gist to
/// say all of it.
const GIST_SAYS_ALL: f64 = 0.85;

/// Whether `sentences` (a gist) say all that `fact` says: asked for in prose after it, the
/// model writes the gist again, which the gate refuses as a repeat. « La ville de Marseille,
/// partie civile, obtient un remboursement intégral du préjudice. » (procès seeds 1 and 2 at
/// `cc3b974`) was asked for three times in prose after it, 36 candidates and about 330
/// tokens each time, none kept.
fn says_all_of(sentences: &[String], fact: &str) -> bool {
    let theirs = crate::grounding::stem_set(fact);
    let mine = crate::grounding::stem_set(&sentences.join(" "));
    let said = theirs.intersection(&mine).count() as f64;
    !theirs.is_empty() && said / theirs.len() as f64 >= GIST_SAYS_ALL
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gist_says_all_of_its_fact_only_when_it_keeps_its_content() {
        let fact =
            "La ville de Marseille, partie civile, obtient le remboursement intégral du préjudice.";
        let whole = [
            "La ville de Marseille, partie civile, obtient un remboursement intégral du préjudice."
                .to_string(),
        ];
        assert!(says_all_of(&whole, fact));
        let short = ["La ville de Marseille obtient le remboursement.".to_string()];
        assert!(!says_all_of(&short, fact));
    }
}
