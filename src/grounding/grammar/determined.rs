//! A noun the source always gives a determiner, written without one right after a verb:
//! « Renault et Envision inaugurent usine de batteries » (usine seeds 1 and 2, a headline at
//! stops 77 and 78) for the source's « ont inauguré … une usine de batteries ».

use std::collections::HashMap;

use crate::text::{normalize, strip_elision, word_key, words, DETERMINERS, PREPOSITIONS};

/// Determiners beside `DETERMINERS`: possessives of the first and second person, and words
/// that count or pick (« chaque usine », « toute usine »).
const MORE_DETERMINERS: &[&str] = &[
    "notre",
    "nos",
    "votre",
    "vos",
    "mon",
    "ma",
    "mes",
    "ton",
    "ta",
    "tes",
    "chaque",
    "toute",
    "tout",
    "toutes",
    "tous",
    "aucun",
    "aucune",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "plusieurs",
    "certains",
    "certaines",
    "quelques",
];

/// Whether the word before a noun lets it stand without an article of its own: a
/// determiner, an elided one (« l'usine » is one word), a preposition (« de batteries »,
/// « en usine »), a figure, an adjective before its noun (« nouvelle usine »), a joining word
/// (« et usines »), or a name.
fn determines(before: &str) -> bool {
    let w = normalize(before);
    DETERMINERS.contains(&w.as_str())
        || MORE_DETERMINERS.contains(&w.as_str())
        || PREPOSITIONS.contains(&w.as_str())
        || [
            "d'", "d’", "l'", "l’", "et", "ou", "ni", "du", "des", "au", "aux", "comme",
        ]
        .contains(&w.as_str())
        || before.chars().any(|c| c.is_ascii_digit())
        || crate::facts::is_cardinal(&w)
        || super::is_before_noun(&w)
        || before.starts_with(char::is_uppercase)
}

/// For each noun of the source (lower case, four letters or more), whether every one of its
/// mentions has a determiner before it (an elided « l' » included).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Determined {
    always: HashMap<String, bool>,
}

impl Determined {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut always: HashMap<String, bool> = HashMap::new();
        for sentence in source {
            let ws = words(sentence);
            for (i, w) in ws.iter().enumerate() {
                let bare = strip_elision(w);
                if !bare.starts_with(char::is_lowercase) || bare.chars().count() < 4 {
                    continue;
                }
                let elided = bare.len() < w.len()
                    && ["l'", "l’"].iter().any(|e| normalize(w).starts_with(e));
                let article = i
                    .checked_sub(1)
                    .is_some_and(|p| DETERMINERS.contains(&normalize(ws[p]).as_str()));
                *always.entry(word_key(bare)).or_insert(true) &= elided || article;
            }
        }
        Self { always }
    }

    /// The first noun of `sentence` that the source always gives a determiner, written
    /// right after a word in « -ent » or « -ont » (a verb of the third person plural) with
    /// nothing between: « inaugurent usine ».
    pub fn bare(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        (1..ws.len()).find_map(|i| {
            let before = normalize(ws[i - 1]);
            let verb = before.chars().count() > 4
                && (before.ends_with("ent") || before.ends_with("ont"))
                && !before.ends_with("ment");
            // « montrent l'effet »: the elided article is the noun's own.
            let elided = strip_elision(ws[i]).len() < ws[i].len();
            let always = !elided && self.always.get(&word_key(ws[i])).copied().unwrap_or(false);
            (verb && always && !determines(ws[i - 1]) && ws[i].starts_with(char::is_lowercase))
                .then(|| format!("{} {}", ws[i - 1], ws[i]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noun_keeps_the_determiner_the_source_gives_it() {
        let d = Determined::new([
            "Renault et Envision ont inauguré jeudi une usine de batteries.",
            "Les batteries sont destinées à la Renault 5 assemblée dans l'usine voisine.",
            "Les syndicats saluent les créations d'emplois.",
            "Des études menées ailleurs montrent l'effet inverse.",
        ]);
        assert_eq!(
            d.bare("Renault et Envision inaugurent usine de batteries")
                .as_deref(),
            Some("inaugurent usine")
        );
        for right in [
            "Renault et Envision inaugurent une usine de batteries.",
            "Renault et Envision inaugurent leur nouvelle usine.",
            "Des études montrent l'effet inverse.",
            "Les batteries produites en usine.",
        ] {
            assert_eq!(d.bare(right), None, "{right}");
        }
    }
}
