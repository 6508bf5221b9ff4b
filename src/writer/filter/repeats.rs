//! Repeats read while a sentence is written: the kept sentences' trigrams, gathered once, and
//! how many times the article already says each content word, against the source's mentions.

use std::collections::{HashMap, HashSet};

use super::MAX_SENTENCE_WORDS;
use crate::facts::Facts;

/// Times, at most, the article may say a content word for each time the source says it:
/// the prose, « L'essentiel » and an answer may each say it once.
pub const SAYINGS_PER_MENTION: usize = 3;

/// How many times `sentences` say each content stem.
pub fn said_stems<'a>(sentences: impl IntoIterator<Item = &'a String>) -> HashMap<String, usize> {
    let mut said = HashMap::new();
    for s in sentences {
        for (_, stem) in crate::grounding::content_stems(s) {
            *said.entry(stem).or_insert(0) += 1;
        }
    }
    said
}

/// The first content word of `sentence` that, with what the article already says (`said`),
/// would be said more than `SAYINGS_PER_MENTION` times for each time the source says it.
/// The keyphrase's words are the article's subject, and are not counted.
pub fn overused<'s>(
    sentence: &'s str,
    said: &HashMap<String, usize>,
    facts: &Facts,
) -> Option<&'s str> {
    let subject: HashSet<String> = crate::grounding::content_stems(&facts.keyphrase)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    let mut mine: HashMap<String, usize> = HashMap::new();
    for (word, stem) in crate::grounding::content_stems(sentence) {
        let times = facts.grounding.links.times(&stem);
        if times == 0 || subject.contains(&stem) {
            continue;
        }
        let before = said.get(&stem).copied().unwrap_or(0);
        let n = mine.entry(stem).or_insert(0);
        *n += 1;
        if before + *n > SAYINGS_PER_MENTION * times {
            return Some(word);
        }
    }
    None
}

/// The sentences kept so far, read for repeats while a sentence is being written: their
/// word trigrams, gathered once as they are kept rather than at every word.
#[derive(Default)]
pub struct Repeats {
    /// How many of the kept sentences are read.
    read: usize,
    /// Every trigram of the kept sentences.
    seen: HashSet<Vec<String>>,
    /// Each kept sentence of three content words or more, as its trigrams, but those read
    /// before the sentence being written, which it may say again with more.
    restatable: Vec<Vec<Vec<String>>>,
    /// The kept sentences read before the sentence being written (see `filter::judge_following`).
    read_before: Vec<String>,
    /// How many times the kept sentences say each content stem.
    said: HashMap<String, usize>,
}

impl Repeats {
    /// Repeats of a sentence that follows `read_before` in reading order.
    pub fn following(read_before: Vec<String>) -> Self {
        Self {
            read_before,
            ..Self::default()
        }
    }

    /// The kept sentences read before the sentence being written.
    pub fn read_before(&self) -> &[String] {
        &self.read_before
    }

    /// Reads the sentences kept since the last call (all of them again if `kept` shrank).
    fn read(&mut self, kept: &[String]) {
        if kept.len() < self.read {
            *self = Self::following(std::mem::take(&mut self.read_before));
        }
        for k in &kept[self.read..] {
            let grams = crate::text::ngrams(k, 3);
            self.seen.extend(grams.iter().cloned());
            let restatable = !self.read_before.contains(k);
            if restatable && crate::text::content_words(k).count() >= 3 && !grams.is_empty() {
                self.restatable.push(grams);
            }
            for (_, stem) in crate::grounding::content_stems(k) {
                *self.said.entry(stem).or_insert(0) += 1;
            }
        }
        self.read = kept.len();
    }

    /// The word of the sentence that `finished` begins that makes it say a content word too
    /// often (see `overused`), however it ends.
    pub fn overused<'s>(
        &mut self,
        finished: &'s str,
        kept: &[String],
        facts: &Facts,
    ) -> Option<&'s str> {
        self.read(kept);
        overused(finished, &self.said, facts)
    }

    /// Whether the sentence that `finished` begins (its finished words) will be refused as a
    /// repeat of `kept` however it ends: a kept sentence is already restated in it (more
    /// words only restate more), or it already shares so many trigrams with them that no
    /// sentence short enough for the gate can dilute them below the echo share.
    pub fn doomed(&mut self, finished: &str, kept: &[String]) -> bool {
        self.read(kept);
        let mine: HashSet<Vec<String>> = crate::text::ngrams(finished, 3).into_iter().collect();
        let shared = mine.iter().filter(|g| self.seen.contains(*g)).count();
        let most = (MAX_SENTENCE_WORDS - 2) as f64;
        let restated = self.restatable.iter().any(|grams| {
            let said = grams.iter().filter(|g| mine.contains(*g)).count();
            said as f64 / grams.len() as f64 >= crate::text::ECHO_SHARE
        });
        restated || shared as f64 >= crate::text::ECHO_SHARE * most
    }
}
