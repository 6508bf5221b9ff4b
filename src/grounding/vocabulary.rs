//! The words the gate lets a sentence use, asked while a word is being sampled: a lowercase
//! word may only grow into a function word or a word whose stem the source has, so that a
//! content word of the model's own is never written rather than written and refused.

use std::collections::BTreeSet;

use super::{
    plural_twin, Grounding, FUNCTION_WORDS, NEUTRAL_SAYING, SHORT_FUNCTION_WORDS, SHORT_LETTERS,
    STEM_LETTERS,
};
use crate::text::{fold_accents, normalize, STOPWORDS};

/// What `Grounding::strict_support` takes, word by word, for the sampler's word guard.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    grounding: Grounding,
    /// Everything a lowercase word may grow into, folded: the source's stems and their other
    /// number, its three-letter words, function words and the neutral verbs of saying.
    ends: BTreeSet<String>,
}

impl Vocabulary {
    pub fn new(grounding: &Grounding) -> Self {
        let mut ends: BTreeSet<String> = BTreeSet::new();
        for stem in &grounding.stems {
            ends.insert(stem.clone());
            ends.insert(plural_twin(stem));
        }
        ends.extend(
            grounding
                .words
                .iter()
                .filter(|w| w.chars().count() <= SHORT_LETTERS)
                .cloned(),
        );
        let function = STOPWORDS
            .iter()
            .chain(FUNCTION_WORDS)
            .chain(SHORT_FUNCTION_WORDS);
        ends.extend(function.map(|w| fold_accents(&normalize(w))));
        ends.extend(NEUTRAL_SAYING.iter().map(|w| w.to_string()));
        ends.remove("");
        Self {
            grounding: grounding.clone(),
            ends,
        }
    }

    /// Whether some word this vocabulary ends in begins with `folded`.
    fn begins(&self, folded: &str) -> bool {
        self.ends
            .range(folded.to_string()..)
            .next()
            .is_some_and(|w| w.starts_with(folded))
    }

    /// Whether the unfinished part `folded` (no hyphen) can still become a word it takes:
    /// past a stem's length, the stem decides; before, some word must begin so.
    fn part_may_grow(&self, folded: &str) -> bool {
        if folded.is_empty() || self.begins(folded) {
            return true;
        }
        if folded.chars().count() < STEM_LETTERS {
            return false;
        }
        let stem: String = folded.chars().take(STEM_LETTERS).collect();
        self.grounding.has(&stem) || self.grounding.has(&plural_twin(&stem))
    }
}

impl crate::sampling::Vocabulary for Vocabulary {
    fn takes(&self, word: &str) -> bool {
        let bare = crate::text::strip_elision(word);
        let broken = crate::lexicon::is_broken_off(bare)
            && !self.grounding.words.contains(&crate::text::word_key(bare));
        !broken && self.grounding.strict_support(word).unsupported.is_empty()
    }

    fn may_grow(&self, open: &str) -> bool {
        let folded = fold_accents(&normalize(open));
        let mut parts: Vec<&str> = folded.split('-').collect();
        let last = parts.pop().unwrap_or("");
        // `domicile-tra`: the finished parts are words of their own, but for the « t » of an
        // inversion (« a-t-il », « estime-t-elle »), which is none: held to one, « a-t- »
        // could not grow, and the model wrote « a-t' il », a word of no language (46
        // candidates in stop 70's four seed-1 traces).
        let euphonic = |i: usize, p: &str| i > 0 && p == "t";
        parts
            .iter()
            .enumerate()
            .all(|(i, p)| p.is_empty() || euphonic(i, p) || self.takes(p))
            && self.part_may_grow(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::Vocabulary as _;

    #[test]
    fn a_word_grows_only_into_the_sources_stems_or_a_function_word() {
        let source = "Les cyclistes partagent encore la chaussée avec les voitures, \
                      aujourd'hui, sur le pont du Rhône.";
        let vocabulary = Vocabulary::new(&Grounding::new([source]));
        // The source's words, another form of them, and function words.
        for word in [
            "cyclistes",
            "cycliste",
            "partageront",
            "ponts",
            "pont",
            "aujourd'hui",
        ] {
            assert!(vocabulary.takes(word), "{word}");
        }
        for open in [
            "cy", "cycl", "partag", "aujourd'", "p", "pon", "dep", "depuis",
        ] {
            assert!(vocabulary.may_grow(open), "{open}");
        }
        // Words the source lacks, finished or on their way.
        for word in ["véhicules", "route", "rue", "pist", "r", "ch"] {
            assert!(!vocabulary.takes(word), "{word}");
        }
        for open in ["véhic", "vz", "routi", "rue"] {
            assert!(!vocabulary.may_grow(open), "{open}");
        }
        // A neutral verb of saying is taken; a hyphenated word part by part.
        assert!(vocabulary.takes("affirmé"));
        assert!(vocabulary.may_grow("chaussée-voit"));
        // The « t » of an inversion is no word, and no part that must be one.
        assert!(vocabulary.may_grow("a-t-"));
        assert!(vocabulary.may_grow("a-t-i"));
        assert!(!vocabulary.may_grow("t-"));
        assert!(vocabulary.takes("a-t-il"), "a-t-il");
        assert!(!vocabulary.may_grow("chaussée-rou"));
    }
}
