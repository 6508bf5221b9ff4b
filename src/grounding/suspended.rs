//! Sentences the source suspends: a prison term the source gives « avec sursis » (« trois
//! ans de prison avec sursis ») is not told without it. « Olivier Rinaldi est condamné à
//! trois ans de prison » sends to prison a man the court did not (proces-marseille, seed 2,
//! stop 59).

use std::collections::HashMap;

use crate::text::{normalize, words};

/// Words that name a prison term.
const TERMS: &[&str] = &["prison", "emprisonnement", "réclusion", "détention"];

/// Words, at most, between a figure and its term (« trois ans de prison »).
const TERM_WITHIN: usize = 3;

/// Each prison term of `text`: the figure's key and its unit (« 3 », « ans »), and whether «
/// avec sursis » follows the term right away.
fn terms(text: &str) -> Vec<((String, String), bool)> {
    let ws: Vec<String> = words(text).iter().map(|w| normalize(w)).collect();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let Some((_, key)) = crate::facts::figures(w).into_iter().next() else {
            continue;
        };
        let Some(unit) = ws.get(i + 1) else { continue };
        let Some(t) = (i + 2..=(i + 1 + TERM_WITHIN).min(ws.len() - 1))
            .find(|&k| TERMS.contains(&ws[k].as_str()))
        else {
            continue;
        };
        let suspended = ws.get(t + 1).is_some_and(|a| a == "avec")
            && ws.get(t + 2).is_some_and(|s| s == "sursis");
        out.push(((key, unit.clone()), suspended));
    }
    out
}

/// The prison terms the source gives, each with whether every mention of it is suspended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suspended {
    always: HashMap<(String, String), bool>,
}

impl Suspended {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut always: HashMap<(String, String), bool> = HashMap::new();
        for s in source {
            for (term, suspended) in terms(s) {
                *always.entry(term).or_insert(true) &= suspended;
            }
        }
        Self { always }
    }

    /// The first prison term of `sentence` that the source always gives « avec sursis », told
    /// here without it.
    pub fn dropped(&self, sentence: &str) -> Option<String> {
        terms(sentence)
            .into_iter()
            .find_map(|((key, unit), suspended)| {
                let always = self.always.get(&(key.clone(), unit.clone())) == Some(&true);
                (always && !suspended).then(|| format!("{key} {unit}"))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suspended_term_stays_suspended() {
        let s = Suspended::new([
            "Le tribunal a condamné à quatre ans de prison, dont deux avec sursis, un ancien adjoint.",
            "Le chef d'entreprise, Olivier Rinaldi, a été condamné à trois ans de prison avec sursis.",
        ]);
        for wrong in [
            "Le chef d'entreprise, Olivier Rinaldi est condamné à trois ans de prison.",
            "Olivier Rinaldi a écopé de 3 ans de prison ferme.",
        ] {
            assert!(s.dropped(wrong).is_some(), "{wrong}");
        }
        for right in [
            "Olivier Rinaldi a été condamné à trois ans de prison avec sursis.",
            "L'ancien adjoint a été condamné à quatre ans de prison.",
            "Le chef d'entreprise a été condamné, comme l'ancien adjoint.",
        ] {
            assert_eq!(s.dropped(right), None, "{right}");
        }
    }
}
