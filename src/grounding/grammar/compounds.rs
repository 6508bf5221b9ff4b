//! Words the source writes only inside a compound, written alone: « les trajets à domicile »
//! for the source's « les trajets domicile-travail » (velo seed 2, stop 74) says the home,
//! not the commute.

use std::collections::{HashMap, HashSet};

use crate::text::{is_stopword, word_key, words};

/// Parts of fewer letters are function words or prefixes (« mi », « semi » aside).
const MIN_PART_LETTERS: usize = 4;

/// Prefixes that never stand alone in French: « à la mi. » is « à la mi-juillet » cut short
/// (an answer of sécheresse seed 1, stop 77).
const PREFIXES: &[&str] = &["mi", "demi", "semi"];

/// Parts that say their compound alone: « les commerçants du centre » for « du
/// centre-ville » (the hand-written rewrite `tests/fixtures/tram-grenoble.md`).
const STANDS_FOR_WHOLE: &[&str] = &["centre"];

/// The lowercase compounds of a source: for each part, the compounds it is written in, and
/// the words the source writes alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compounds {
    /// Each part (`word_key`) with the compounds it is written in, as written.
    parts: HashMap<String, Vec<String>>,
    /// Every word the source writes on its own (`word_key`), a name's words included.
    alone: HashSet<String>,
}

/// Whether `word` is a compound of lowercase words (« domicile-travail »), not a name
/// (« Part-Dieu ») nor an inversion (« a-t-il »).
fn is_compound(word: &str) -> bool {
    word.contains('-')
        && word
            .chars()
            .all(|c| c.is_lowercase() || c == '-' || c == '\'' || c == '’')
        && word.split('-').all(|p| !p.is_empty())
}

/// The parts of a compound that say something (`word_key`): four letters or more, no
/// function word.
fn parts(compound: &str) -> impl Iterator<Item = String> + '_ {
    compound
        .split('-')
        .filter(|p| {
            p.chars().count() >= MIN_PART_LETTERS && !is_stopword(p) || PREFIXES.contains(p)
        })
        .filter(|p| !STANDS_FOR_WHOLE.contains(p))
        .map(word_key)
}

impl Compounds {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut compounds = Self::default();
        for sentence in source {
            for w in words(sentence) {
                if !w.contains('-') {
                    compounds.alone.insert(word_key(w));
                    continue;
                }
                if !is_compound(w) {
                    // A name's parts stand alone (« Bordeaux » for « Bordeaux-Bègles »).
                    compounds.alone.extend(w.split('-').map(word_key));
                    continue;
                }
                for part in parts(w) {
                    let written = compounds.parts.entry(part).or_default();
                    if !written.iter().any(|c| c == w) {
                        written.push(w.to_string());
                    }
                }
            }
        }
        compounds
    }

    /// The first word of `sentence` that the source writes only inside a compound, written
    /// here on its own, and that compound. `whole` says the sentence is finished: while it
    /// is written, its last word may yet go on into the compound.
    pub fn split(&self, sentence: &str, whole: bool) -> Option<String> {
        let ws = words(sentence);
        let finished = match whole {
            true => ws.len(),
            false => ws.len().saturating_sub(1),
        };
        ws[..finished].iter().find_map(|w| {
            if w.contains('-') {
                return None;
            }
            let key = word_key(w);
            if self.alone.contains(&key) {
                return None;
            }
            let compounds = self.parts.get(&key)?;
            // Read as « « domicile » for « domicile-travail » is not French grammar ».
            Some(format!("{w} » for « {}", compounds.join(" » or « ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_a_compound_never_stands_alone_where_the_source_keeps_it_inside() {
        let source = [
            "Selon Bruno Bernard, la part du vélo dans les trajets domicile-travail atteint 4 %.",
            "Les premiers chantiers commencent par l'axe reliant Villeurbanne à la Part-Dieu.",
            "La finale se jouera au Stade de France, après une demi-finale disputée à Marseille.",
            "Les commerçants du centre-ville craignent une baisse.",
            "Une première pour le département à la mi-juillet.",
        ];
        let compounds = Compounds::new(source);
        let found = compounds.split(
            "La part du vélo dans les trajets à domicile atteint 4 %.",
            true,
        );
        assert!(
            found
                .as_deref()
                .is_some_and(|f| f.contains("domicile-travail")),
            "{found:?}"
        );
        // The compound itself, a part the source also writes alone, a name's part: all stand.
        for sentence in [
            "Les trajets domicile-travail se font à vélo pour 4 %.",
            "Toulouse jouera la finale au Stade de France.",
            "Les chantiers commencent à la Part-Dieu, puis à Part.",
            "Les commerçants du centre craignent une baisse.",
        ] {
            assert_eq!(compounds.split(sentence, true), None, "{sentence}");
        }
        // While the sentence is written, its last word may still grow into the compound.
        assert_eq!(compounds.split("Les trajets domicile", false), None);
        assert!(compounds.split("Les trajets domicile", true).is_some());
        assert!(compounds
            .split("Une première pour le département à la mi.", true)
            .is_some());
    }
}
