//! Noun complements: what the source says a noun is of (« le vainqueur de l'autre
//! demi-finale »). A noun the source gives a complement takes only one the source gives it:
//! « Le vainqueur de la finale affrontera dimanche le Racing 92 » names another winner
//! (rugby-toulouse, seed 1, stop 60's base).

use std::collections::{HashMap, HashSet};

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

fn lowered(text: &str) -> Vec<String> {
    words(text).iter().map(|w| normalize(w)).collect()
}

/// The complements the source gives each of its nouns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Complements {
    of: HashMap<String, HashSet<String>>,
}

impl Complements {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let source: Vec<&str> = source.into_iter().collect();
        let sentences: Vec<Vec<String>> = source.iter().copied().map(lowered).collect();
        // Nouns, not the participles that take « de » too (« ont convenu de »).
        let nouns = crate::text::nouns(source.iter().copied());
        let mut of: HashMap<String, HashSet<String>> = HashMap::new();
        for ws in &sentences {
            for (_, noun, head) in pairs(ws, true) {
                if nouns.contains(&noun) {
                    of.entry(noun).or_default().insert(head);
                }
            }
        }
        Self { of }
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
        ]);
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
    }
}
