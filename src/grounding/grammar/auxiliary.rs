//! What follows an auxiliary: a verb that French conjugates with « être » put after « avoir »
//! (« La déclaration a été intervenue », « a intervenu »), and « à » standing where the source
//! has an auxiliary before the participle (« est à estimé » for « est estimé »).

use super::{Grammar, HAS};
use crate::seo::readability::ETRE;
use crate::text::{normalize, words};

/// More forms of « avoir » than a participle follows in the source's tenses.
const HAS_MORE: &[&str] = &["aurait", "auraient", "avoir", "ayant", "eu"];

/// Participles of verbs conjugated with « être » alone: never after « avoir », nor after « a
/// été » (« partie », « mort » and « passé » are nouns as well: « a été partie civile »).
const WITH_BEING: &[&str] = &[
    "allé",
    "venu",
    "devenu",
    "revenu",
    "intervenu",
    "parvenu",
    "survenu",
    "advenu",
    "arrivé",
    "né",
    "décédé",
    "resté",
    "tombé",
];

/// Auxiliaries a participle follows in the source (« est estimé », « a été ouverte »).
const AUXILIARIES: &[&str] = &[
    "est", "sont", "était", "étaient", "sera", "seront", "serait", "été", "a", "ont", "avait",
    "avaient",
];

/// A participle's masculine singular: « intervenues » -> « intervenu », « née » -> « né ».
fn masculine(word: &str) -> &str {
    let w = word.strip_suffix('s').unwrap_or(word);
    match WITH_BEING.contains(&w) {
        true => w,
        false => w.strip_suffix('e').unwrap_or(w),
    }
}

/// Whether `word` (lower case) may be a participle in « -é »: « estimé », « annoncées ».
fn in_e(word: &str) -> bool {
    ["é", "ée", "és", "ées"].iter().any(|e| word.ends_with(e)) && word.chars().count() > 3
}

/// The first form of « avoir » in `sentence` before the participle, « été » or not between, of
/// a verb conjugated with « être »: « a été intervenue » (seed dispatch, seed 3, stop 59).
pub(super) fn being_after_having(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    (0..ws.len()).find_map(|i| {
        let has = normalize(ws[i]);
        if !HAS.contains(&has.as_str()) && !HAS_MORE.contains(&has.as_str()) {
            return None;
        }
        let mut j = i + 1;
        if ws.get(j).is_some_and(|w| normalize(w) == "été") {
            j += 1;
        }
        let participle = normalize(ws.get(j)?);
        WITH_BEING
            .contains(&masculine(&participle))
            .then(|| ws[i..=j].join(" "))
    })
}

impl Grammar {
    /// Reads the participles in « -é » that `ws`, a source sentence's words, puts after an
    /// auxiliary, and the words it puts after « à ».
    pub(super) fn read_auxiliaries(&mut self, ws: &[&str]) {
        for pair in ws.windows(2) {
            let (first, next) = (normalize(pair[0]), normalize(pair[1]));
            if AUXILIARIES.contains(&first.as_str()) && in_e(&next) {
                self.participles.insert(next.clone());
            }
            if first == "à" {
                self.after_to.insert(next);
            }
        }
    }

    /// « à » before a participle the source puts after an auxiliary, and never after « à »:
    /// « Le préjudice est à estimé à 2,3 millions » for the source's « est estimé »
    /// (proces-marseille, seed 2, stop 59).
    /// So is its infinitive: « Le préjudice est à estimer à 2,3 millions » makes a sum
    /// still to be estimated of the source's estimate (stop 60).
    pub fn to_participle(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        (1..ws.len()).find_map(|i| {
            let next = normalize(ws[i]);
            // The infinitive only after « être »: « il reste à estimer » is French.
            let after_being = i >= 2 && ETRE.contains(&normalize(ws[i - 2]).as_str());
            let participle = match next.strip_suffix("er").filter(|_| after_being) {
                Some(stem) => format!("{stem}é"),
                None => next.clone(),
            };
            let wrong = normalize(ws[i - 1]) == "à"
                && self.participles.contains(&participle)
                && !self.after_to.contains(&next);
            wrong.then(|| format!("{} {}", ws[i - 1], ws[i]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_of_being_takes_no_having() {
        for wrong in [
            "La déclaration a été intervenue après la rencontre.",
            "La déclaration a intervenu après la rencontre.",
            "Les deux ministres avaient été arrivés à Detroit.",
        ] {
            assert!(being_after_having(wrong).is_some(), "{wrong}");
        }
        for right in [
            "La déclaration est intervenue après la rencontre.",
            "La ville a été partie civile.",
            "Les deux pays ont convenu de travailler ensemble.",
            "La Métropole a été renforcée.",
        ] {
            assert_eq!(being_after_having(right), None, "{right}");
        }
    }

    #[test]
    fn to_stands_not_where_the_source_has_an_auxiliary() {
        let grammar = Grammar::new([
            "Le préjudice pour la commune est estimé à 2,3 millions d'euros.",
            "Le chantier est prévu à proximité.",
        ]);
        assert_eq!(
            grammar
                .to_participle("Le préjudice est à estimé à 2,3 millions d'euros.")
                .as_deref(),
            Some("à estimé")
        );
        assert_eq!(
            grammar
                .to_participle("Le préjudice est à estimer à 2,3 millions d'euros.")
                .as_deref(),
            Some("à estimer")
        );
        for right in [
            "Le préjudice est estimé à 2,3 millions d'euros.",
            "Le chantier se trouve à proximité.",
            "Il reste à estimer le préjudice.",
        ] {
            assert_eq!(grammar.to_participle(right), None, "{right}");
        }
    }
}
