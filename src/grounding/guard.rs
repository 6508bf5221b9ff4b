//! The grounding rule applied while a sentence is written, token by token: once a sentence
//! has spent its allowance of content words the source lacks, a new content word may only
//! begin with one of the source's stems. The gate's "not supported by the source" refusal,
//! the most frequent one, becomes a choice the sampler never makes instead of tokens thrown
//! away.

use std::collections::HashSet;

use super::{stem, Grounding, FUNCTION_WORDS, STEM_LETTERS};
use crate::text::{fold_accents, normalize, strip_elision, words, STOPWORDS};

/// The stems a sentence may use, and how many content words beyond them it may hold.
#[derive(Debug, Clone)]
pub struct StemGuard {
    stems: HashSet<String>,
    /// The first `STEM_LETTERS` letters of the function words that long: such a word is
    /// free, and its beginning must not be taken for an unknown stem.
    function: HashSet<String>,
    allowance: usize,
}

impl StemGuard {
    /// A guard on `grounding`'s stems, `allowance` unsupported content words a sentence.
    pub fn new(grounding: &Grounding, allowance: usize) -> Self {
        let function = STOPWORDS
            .iter()
            .chain(FUNCTION_WORDS)
            .map(|w| fold_accents(w))
            .filter(|w| w.chars().count() >= STEM_LETTERS)
            .map(|w| w.chars().take(STEM_LETTERS).collect())
            .collect();
        Self {
            stems: grounding.stems.clone(),
            function,
            allowance,
        }
    }

    /// The guard's judgement for the next token after `before` (the text generated so far).
    pub fn step<'a>(&'a self, before: &'a str) -> Step<'a> {
        let sentence = &before[sentence_start(before)..];
        let split = match sentence.ends_with(char::is_whitespace) {
            true => sentence.len(),
            false => sentence.rfind(char::is_whitespace).unwrap_or(0),
        };
        let (finished, open) = sentence.split_at(split);
        Step {
            guard: self,
            open: open.trim_start(),
            left: self.allowance.saturating_sub(self.unsupported(finished)),
            open_bad: self.unsupported(open),
        }
    }

    /// Content words of `text` whose stem is not the guard's.
    fn unsupported(&self, text: &str) -> usize {
        words(text)
            .into_iter()
            .filter_map(|w| stem(w).map(|s| (w, s)))
            .filter(|(w, s)| {
                let parts_known =
                    w.contains('-') && w.split('-').filter_map(stem).all(|p| self.stems.contains(&p));
                !self.stems.contains(s) && !parts_known
            })
            .count()
    }

    /// Whether the word being written in `part` (its last word) can still become one the
    /// guard supports: shorter than a stem, or begun like a stem or a function word.
    fn may_grow(&self, part: &str) -> bool {
        let Some(word) = words(part).pop() else {
            return true;
        };
        let folded = fold_accents(strip_elision(&normalize(word)));
        if folded.starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
        let segment = folded.rsplit('-').next().unwrap_or(&folded);
        [folded.as_str(), segment].iter().any(|w| {
            let prefix: String = w.chars().take(STEM_LETTERS).collect();
            prefix.chars().count() < STEM_LETTERS
                || self.stems.contains(&prefix)
                || self.function.contains(&prefix)
        })
    }
}

/// Where the sentence being written starts in `text`: after the last line break, or the
/// last whitespace that follows a sentence's end mark.
fn sentence_start(text: &str) -> usize {
    let mut start = 0;
    let mut after_end = false;
    for (i, c) in text.char_indices() {
        if c == '\n' || (after_end && c.is_whitespace()) {
            start = i + c.len_utf8();
        }
        after_end = matches!(c, '.' | '?' | '!' | '…')
            || (after_end && matches!(c, '»' | '"' | ')' | '\u{a0}' | '\u{202f}'));
    }
    start
}

/// Whether `part` (a word with its marks) ends a sentence.
fn ends_sentence(part: &str) -> bool {
    part.trim_end_matches(['»', '"', ')', '\u{a0}', '\u{202f}'])
        .ends_with(['.', '?', '!', '…'])
}

/// The guard at one point of the text: what the finished words of the sentence have spent.
pub struct Step<'a> {
    guard: &'a StemGuard,
    /// The word being written (it may still grow).
    open: &'a str,
    /// Unsupported content words the sentence may still take, the open word aside.
    left: usize,
    /// Unsupported content words in the open word, once it is finished as it stands.
    open_bad: usize,
}

impl Step<'_> {
    /// Whether `piece` may come next: the words it finishes fit the sentence's allowance,
    /// and the word it leaves open can still become a supported one (or the allowance has
    /// room for it).
    pub fn allows(&self, piece: &str) -> bool {
        let joined;
        let (mut left, rest) = match piece.starts_with(char::is_whitespace) {
            // The open word ends here: it spends its share, or opens a new sentence.
            true => match self.left.checked_sub(self.open_bad) {
                None => return false,
                Some(_) if ends_sentence(self.open) => (self.guard.allowance, piece),
                Some(left) => (left, piece),
            },
            false => {
                joined = format!("{}{piece}", self.open);
                (self.left, joined.as_str())
            }
        };
        let parts: Vec<&str> = rest.split_whitespace().collect();
        let ends_open = !rest.ends_with(char::is_whitespace);
        for (i, part) in parts.iter().enumerate() {
            if i + 1 == parts.len() && ends_open {
                return left > 0 || self.guard.may_grow(part);
            }
            let bad = self.guard.unsupported(part);
            if bad > left {
                return false;
            }
            left = match ends_sentence(part) {
                true => self.guard.allowance,
                false => left - bad,
            };
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(allowance: usize) -> StemGuard {
        let source = Grounding::new([
            "La Métropole de Lyon prolonge ses pistes cyclables sur 250 kilomètres.",
            "Les travaux des semi-conducteurs commencent au printemps.",
        ]);
        StemGuard::new(&source, allowance)
    }

    #[test]
    fn content_words_must_begin_like_the_sources_once_the_allowance_is_spent() {
        let g = guard(0);
        // The source's words, any form, and function words pass.
        assert!(g.step("La Métropole").allows(" prolongera"));
        assert!(g.step("Les pistes").allows(" cyclables"));
        assert!(g.step("Les pistes cyclables").allows(" seront"));
        assert!(g.step("Les travaux").allows(" commenceront"));
        // A word the source lacks is refused as soon as its stem is written.
        assert!(!g.step("La Métropole").allows(" construit"));
        assert!(!g.step("La Métropole cons").allows("truit"));
        // Its first letters may still become a supported word or a function word.
        assert!(g.step("La Métropole").allows(" pro"));
        assert!(g.step("Les travaux commencent").allows(" pendant"));
        // Figures, elision and hyphenated parts the source has.
        assert!(g.step("Sur").allows(" 250"));
        assert!(g.step("Dans la Métropole").allows(" d'une"));
        assert!(!g.step("Dans la Métropole").allows(" d'autoroutes"));
        assert!(g.step("Les").allows(" conducteurs"));
    }

    #[test]
    fn the_allowance_is_spent_once_per_sentence() {
        let g = guard(1);
        // One word the source lacks is allowed, a second is not.
        assert!(g.step("La Métropole").allows(" construit"));
        assert!(!g.step("La Métropole construit").allows(" rapidement"));
        assert!(!g.step("La Métropole construit des").allows(" routes"));
        // A new sentence has its allowance again, whether its end mark came before or in
        // the piece.
        assert!(g.step("La Métropole construit. Les").allows(" routes"));
        assert!(g.step("La Métropole construit.").allows(" Les"));
        assert!(g.step("Elle construit.\n").allows("Elle"));
        // The open word is judged as it finishes.
        assert!(!g.step("La Métropole construit des routes").allows(" et"));
    }
}
