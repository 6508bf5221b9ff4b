//! Noun complements: what the source says a noun is of (« le vainqueur de l'autre
//! demi-finale »). A noun the source gives a complement takes only one the source gives it:
//! « Le vainqueur de la finale affrontera dimanche le Racing 92 » names another winner
//! (rugby-toulouse, seed 1, stop 60's base). Nor is a relative clause the source says of
//! the complement said of the noun: « Toulouse affrontera en finale le vainqueur, qui oppose
//! dimanche La Rochelle au Racing » makes a match of the winner (28 times in the rugby
//! articles of stops 55 to 60), nor of any other thing: « 42 spectacles dans la programmation
//! officielle, qui s'est achevé dimanche » for « Le festival, qui s'est achevé dimanche »
//! (festival seed 2, stop 77).

use std::collections::{HashMap, HashSet};

use super::tense::participle_key;
use crate::seo::readability::{is_participle, AVOIR, ETRE};
use crate::text::{normalize, strip_elision, word_key, words, DETERMINERS};

/// Words between « de » and the complement's noun that are not it (« de l'autre
/// demi-finale »).
const BETWEEN: &[&str] = &[
    "autre",
    "autres",
    "premier",
    "première",
    "dernier",
    "dernière",
];

/// Each noun of `words` (lower case) followed by « de » and the head of its complement, both
/// as keys: (« vainqueur », « demi-finale »). A complement in the infinitive (« de
/// travailler ») is a verb's, not a noun's. `lists` also reads the complements joined to the
/// first (« les politiques de commerce, d'investissement et d'exportation »).
fn pairs(ws: &[String], lists: bool) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for i in 0..ws.len().saturating_sub(1) {
        let mut at = i + 1;
        // An adjective between the noun and its complement (« le directeur général du CHU »:
        // « Le directeur de l'hôpital reconnaît » for « La direction de l'hôpital », hôpital
        // seeds 1 to 3 at stop 77, names another man).
        if complement(ws, at).is_none() && adjective(&ws[at]) && complement(ws, at + 1).is_some() {
            at += 1;
        }
        while let Some((head, next)) = complement(ws, at) {
            let letters = |w: &str| {
                w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            };
            if !letters(&head) || !letters(&ws[i]) {
                break;
            }
            out.push((i, word_key(&ws[i]), word_key(&head)));
            at = next + usize::from(ws.get(next).is_some_and(|w| w == "et" || w == "ou"));
            if !lists {
                break;
            }
        }
    }
    out
}

/// Endings of adjectives the dictionary does not flag as taking a feminine (« général »,
/// « intégral »), and of participles in « -é ».
const ADJECTIVE_ENDINGS: &[&str] = &[
    "é", "ée", "és", "ées", "al", "ale", "aux", "ales", "ique", "iques", "if", "ive", "ifs",
    "ives", "el", "elle", "els", "elles",
];

/// Whether `word` (lower case) reads as an adjective: an entry that takes a feminine, or
/// one of `ADJECTIVE_ENDINGS`.
fn adjective(word: &str) -> bool {
    word.chars().count() >= 4
        && word.chars().all(char::is_alphabetic)
        && (crate::lexicon::takes_a_feminine(word)
            || ADJECTIVE_ENDINGS.iter().any(|e| word.ends_with(e)))
}

/// The head of the complement that « de » at `at` opens, and where what follows it starts.
fn complement(ws: &[String], at: usize) -> Option<(String, usize)> {
    let of = ws.get(at)?;
    let elided = match of.as_str() {
        "de" | "du" | "des" => None,
        _ => match of.strip_prefix("d'") {
            Some(rest) if DETERMINERS.contains(&rest) => None,
            Some(rest) => Some(rest.to_string()),
            None => return None,
        },
    };
    if let Some(head) = elided {
        return Some((head, at + 1));
    }
    let mut j = at + 1;
    while ws
        .get(j)
        .is_some_and(|w| DETERMINERS.contains(&w.as_str()) || BETWEEN.contains(&strip_elision(w)))
    {
        j += 1;
    }
    let head = strip_elision(ws.get(j)?).to_string();
    let article = of != "de" || j > at + 1;
    let infinitive = !article && ["er", "ir", "re"].iter().any(|e| head.ends_with(e));
    (!infinitive).then_some((head, j + 1))
}

/// Words, at most, from a noun to the head of its complement (« vainqueur de l'autre
/// demi-finale »).
const COMPLEMENT_SPAN: usize = 5;

/// Each relative clause of `text` that « , qui » opens: the index in `words(text)` of the
/// word before the comma, and its verb's key (the participle after an auxiliary: « qui
/// avait requis » is `requis`).
fn relatives(text: &str) -> Vec<(usize, String)> {
    let ws = lowered(text);
    let mut out = Vec::new();
    for (at, _) in text.match_indices(", qui ") {
        let before = words(&text[..at]).len();
        let (Some(last), Some(verb)) = (before.checked_sub(1), ws.get(before + 1)) else {
            continue;
        };
        let verb = strip_elision(verb);
        let key = match ws.get(before + 2) {
            Some(p) if (AVOIR.contains(&verb) || ETRE.contains(&verb)) && is_participle(p) => {
                participle_key(p)
            }
            _ => verb.to_string(),
        };
        out.push((last, key));
    }
    out
}

fn lowered(text: &str) -> Vec<String> {
    words(text).iter().map(|w| normalize(w)).collect()
}

/// The complements the source gives each of its nouns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Complements {
    of: HashMap<String, HashSet<String>>,
    /// Each noun and relative verb the source says of the noun's complement (« vainqueur »,
    /// « oppose »), and those it says of the noun itself.
    detached: HashSet<(String, String)>,
    attached: HashSet<(String, String)>,
    /// The verbs of the source's relative clauses (« achevé » of « qui s'est achevé »).
    relative_verbs: HashSet<String>,
}

impl Complements {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let source: Vec<&str> = source.into_iter().collect();
        let sentences: Vec<Vec<String>> = source.iter().copied().map(lowered).collect();
        // Nouns, not the participles that take « de » too (« ont convenu de »).
        let nouns = crate::text::nouns(source.iter().copied());
        let mut of: HashMap<String, HashSet<String>> = HashMap::new();
        let (mut detached, mut attached) = (HashSet::new(), HashSet::new());
        for (ws, text) in sentences.iter().zip(&source) {
            let found = pairs(ws, true);
            for (_, noun, head) in &found {
                if nouns.contains(noun) {
                    of.entry(noun.clone()).or_default().insert(head.clone());
                }
            }
            for (last, verb) in relatives(text) {
                let head = word_key(strip_elision(&ws[last]));
                attached.insert((head.clone(), verb.clone()));
                let of_noun = |(i, _, h): &&(usize, String, String)| {
                    *h == head && *i < last && last - i <= COMPLEMENT_SPAN
                };
                for (_, noun, _) in found.iter().filter(of_noun) {
                    detached.insert((noun.clone(), verb.clone()));
                }
            }
        }
        let relative_verbs = attached.iter().map(|(_, verb)| verb.clone()).collect();
        Self {
            of,
            detached,
            attached,
            relative_verbs,
        }
    }

    /// The first relative clause of `sentence` said of a noun where the source says it of
    /// another, as « noun, qui verb »: « vainqueur, qui oppose » for the source's « le
    /// vainqueur de l'autre demi-finale, qui oppose ». A name may be said in other words
    /// (« Le Festival d'Avignon, qui s'est achevé » for « Le festival, qui »): only a common
    /// noun is read.
    pub fn relative_moved(&self, sentence: &str) -> Option<String> {
        let ws = lowered(sentence);
        let written = words(sentence);
        relatives(sentence).into_iter().find_map(|(last, verb)| {
            let noun = word_key(strip_elision(&ws[last]));
            let common = strip_elision(written[last]).starts_with(char::is_lowercase);
            let pair = (noun, verb);
            let elsewhere = self.relative_verbs.contains(&pair.1) && common;
            let moved =
                (self.detached.contains(&pair) || elsewhere) && !self.attached.contains(&pair);
            moved.then(|| format!("{}, qui {}", pair.0, pair.1))
        })
    }

    /// The first noun of `sentence` given a complement the source never gives it, where the
    /// source gives it one: « vainqueur de … finale » for the source's « vainqueur de l'autre
    /// demi-finale ».
    pub fn changed(&self, sentence: &str) -> Option<String> {
        let ws = lowered(sentence);
        pairs(&ws, false).into_iter().find_map(|(i, noun, head)| {
            let given = self.of.get(&noun)?;
            (!given.contains(&head)).then(|| format!("{} de … {head}", ws[i]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noun_keeps_the_complement_the_source_gives_it() {
        let c = Complements::new([
            "Toulouse affrontera en finale le vainqueur de l'autre demi-finale, qui oppose dimanche La Rochelle au Racing 92.",
            "Les deux pays ont convenu de travailler ensemble et d'accroître la coopération.",
            "Ils ont échangé sur les politiques de commerce, d'investissement et d'exportation.",
            "La Métropole prévoit une aide à l'achat d'un vélo pour les ménages modestes.",
            "Le festival, qui s'est achevé dimanche, a proposé 42 spectacles.",
            "Le directeur général du CHU a souligné que le projet avait été tenu.",
        ]);
        assert_eq!(
            c.changed("Le directeur de l'hôpital reconnaît que deux postes restent vacants.")
                .as_deref(),
            Some("directeur de … hopital")
        );
        assert_eq!(
            c.changed("Le vainqueur de la finale affrontera dimanche le Racing 92.")
                .as_deref(),
            Some("vainqueur de … finale")
        );
        for right in [
            "Toulouse affrontera le vainqueur de l'autre demi-finale.",
            "Le vainqueur affrontera Toulouse en finale.",
            "Les deux pays ont convenu de réduire les risques.",
            "La Métropole aide à l'achat de vélos.",
            "Le plan de la Métropole prévoit une aide.",
            "Ils ont échangé sur les politiques de l'exportation et du commerce.",
        ] {
            assert_eq!(c.changed(right), None, "{right}");
        }
        assert_eq!(
            c.relative_moved(
                "Toulouse affrontera en finale le vainqueur, qui oppose dimanche La Rochelle au Racing."
            )
            .as_deref(),
            Some("vainqueur, qui oppose")
        );
        assert!(c
            .relative_moved(
                "Le festival a proposé 42 spectacles dans la programmation, qui s'est achevé dimanche."
            )
            .is_some());
        for right in [
            "Toulouse affrontera le vainqueur de l'autre demi-finale, qui oppose La Rochelle au Racing 92.",
            "Toulouse affrontera le vainqueur de la demi-finale, qui oppose La Rochelle au Racing 92.",
            "Le vainqueur, qui jouera la finale, affrontera Toulouse.",
            "Le Festival d'Avignon, qui s'est achevé dimanche, a proposé 42 spectacles.",
            "Le festival, qui s'est achevé dimanche, a proposé 42 spectacles.",
        ] {
            assert_eq!(c.relative_moved(right), None, "{right}");
        }
    }
}
