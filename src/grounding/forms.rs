//! Which words are forms of the source's own words: the same word in another number,
//! gender, person or tense (« partageront » for « partagent », « financer » for
//! « financement »), not another word that merely begins alike (« attenants » for
//! « attendus », « électricité » for « électrique », « constat » for « construction »),
//! which a five-letter stem lets through.

use std::collections::{HashMap, HashSet};

use crate::lexicon;
use crate::text::{fold_accents, normalize, strip_elision, words};

/// Endings of French inflection, and the few derivations that keep a word's sense (a verb
/// and its noun of action: « financer », « financement »; « présenter », « présentation »),
/// folded, longest first within each family. A word's bases are what is left when one of
/// them is taken off.
const ENDINGS: &[&str] = &[
    // Verbs: future and conditional, imperfect, present, participles, infinitives.
    "eraient",
    "issaient",
    "issions",
    "issent",
    "issait",
    "issant",
    // « partageait » for « partagent »: a verb in -ger keeps its e before a and o.
    "eaient",
    "eait",
    "eais",
    "eant",
    "eons",
    "eront",
    "erons",
    "erait",
    "erais",
    "aient",
    "irent",
    "erent",
    "erai",
    "eras",
    "erez",
    "era",
    "ions",
    "iez",
    "ait",
    "ais",
    "ant",
    "ants",
    "ante",
    "antes",
    "ent",
    "ons",
    "ez",
    "er",
    "ir",
    "re",
    "it",
    "is",
    "ie",
    "ies",
    "ai",
    "as",
    "a",
    "i",
    "u",
    "us",
    "ue",
    "ues",
    // Nouns and adjectives: gender and number.
    "ees",
    "ee",
    "es",
    "e",
    "s",
    "x",
    "aux",
    "al",
    "ale",
    "ales",
    "als",
    "elle",
    "elles",
    "el",
    "els",
    "ere",
    "eres",
    "ers",
    "ive",
    "ives",
    "if",
    "ifs",
    "euse",
    "euses",
    "eux",
    "ienne",
    "iennes",
    "ien",
    "iens",
    "onne",
    "onnes",
    // A verb's noun of action.
    "issements",
    "issement",
    "ements",
    "ement",
    "ations",
    "ation",
];

/// Letters a base keeps at least: under them, endings meet by chance (« part », « partie »).
const MIN_BASE: usize = 4;

/// `word` in lower case, without its elision.
fn lower(word: &str) -> String {
    strip_elision(&normalize(word)).to_string()
}

/// The bases of a folded word: itself, and itself less each ending it has.
fn bases(word: &str) -> impl Iterator<Item = &str> {
    std::iter::once(word).chain(ENDINGS.iter().filter_map(move |e| {
        let base = word.strip_suffix(e)?;
        (base.chars().count() >= MIN_BASE).then_some(base)
    }))
}

/// Whether two words (lower case, no elision) sharing a base may be one word: not two nouns
/// or adjectives of the dictionary (« ministère » and « ministre », « commerce » and
/// « commerçant », « fabrication » and « fabricant »); a verb and its noun may.
fn one_word(a: &str, b: &str) -> bool {
    match (lexicon::nominal_entry(a), lexicon::nominal_entry(b)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Each base of every word of the source, with the source's words (lower case, no elision)
/// that have it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forms {
    bases: HashMap<String, HashSet<String>>,
}

impl Forms {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut out: HashMap<String, HashSet<String>> = HashMap::new();
        for text in source {
            for word in words(text) {
                for part in lower(word).split('-') {
                    for base in bases(&fold_accents(part)) {
                        out.entry(base.to_string())
                            .or_default()
                            .insert(part.to_string());
                    }
                }
            }
        }
        Self { bases: out }
    }

    /// Whether `word` (one word, no hyphen) is a form of a word of the source: one of its
    /// bases is a base of a source word, which is not another noun.
    pub fn has(&self, word: &str) -> bool {
        let word = lower(word);
        let found = bases(&fold_accents(&word)).any(|b| {
            self.bases
                .get(b)
                .is_some_and(|theirs| theirs.iter().any(|t| one_word(&word, t)))
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_form_of_a_source_word_is_the_sources_and_a_word_beginning_alike_is_not() {
        let forms = Forms::new([
            "Les cyclistes partagent la chaussée. Les travaux les plus attendus. \
             Une aide aux vélos à assistance électrique. Le financement repose sur \
             la construction, tandis que les commerçants craignent moins de fréquentation.",
        ]);
        for word in [
            "cycliste",
            "partageront",
            "partageaient",
            "attendu",
            "électriques",
            "financer",
            "financée",
            "construction",
            "craignaient",
            "l'aide",
        ] {
            assert!(forms.has(word), "{word}");
        }
        for word in ["attenants", "électricité", "constat", "assurance"] {
            assert!(!forms.has(word), "{word}");
        }
        // Seen in the seed dispatch's article at `30fed99`: « le ministère japonais … a
        // rencontré » for « le ministre ».
        let forms = Forms::new(["Le ministre japonais a rencontré les commerçants."]);
        for word in ["ministère", "commerce"] {
            assert!(!forms.has(word), "{word}");
        }
        for word in ["ministres", "commerçante"] {
            assert!(forms.has(word), "{word}");
        }
    }
}
