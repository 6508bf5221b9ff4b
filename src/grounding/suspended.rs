//! Terms as the source gives them: a prison term the source gives « avec sursis » (« trois
//! ans de prison avec sursis ») is not told without it, and a term the source always says
//! what of (« cinq ans d'inéligibilité ») is not told bare. « Olivier Rinaldi est condamné à
//! trois ans de prison » sends to prison a man the court did not (proces-marseille, seed 2,
//! stop 59); « une peine de cinq ans et une amende » makes five years of ineligibility five
//! of prison, or of nothing said (seed 3, stop 60).

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

/// Units of a term.
const DURATIONS: &[&str] = &["ans", "an", "mois", "années", "année", "jours", "semaines"];

/// Each term of `text`: a figure's key before a unit of `DURATIONS`, with whether « de » or
/// « d' » follows the unit (« cinq ans d'inéligibilité »).
fn durations(text: &str) -> Vec<((String, String), bool)> {
    let ws: Vec<String> = words(text).iter().map(|w| normalize(w)).collect();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let Some(unit) = ws.get(i + 1).filter(|u| DURATIONS.contains(&u.as_str())) else {
            continue;
        };
        let Some((_, key)) = crate::facts::figures(w).into_iter().next() else {
            continue;
        };
        let of = ws
            .get(i + 2)
            .is_some_and(|n| ["de", "du", "des"].contains(&n.as_str()) || n.starts_with("d'"));
        out.push(((key, unit.clone()), of));
    }
    out
}

/// The prison terms the source gives, each with whether every mention of it is suspended,
/// and the terms it gives, each with whether every mention says what of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suspended {
    always: HashMap<(String, String), bool>,
    said_of: HashMap<(String, String), bool>,
}

impl Suspended {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut always: HashMap<(String, String), bool> = HashMap::new();
        let mut said_of: HashMap<(String, String), bool> = HashMap::new();
        for s in source {
            for (term, suspended) in terms(s) {
                *always.entry(term).or_insert(true) &= suspended;
            }
            for (term, of) in durations(s) {
                *said_of.entry(term).or_insert(true) &= of;
            }
        }
        Self { always, said_of }
    }

    /// The first term of `sentence` told bare that the source always says what of: « une
    /// peine de cinq ans et une amende » for « une peine de cinq ans d'inéligibilité ».
    pub fn bare(&self, sentence: &str) -> Option<String> {
        durations(sentence)
            .into_iter()
            .find_map(|((key, unit), of)| {
                let always = self.said_of.get(&(key.clone(), unit.clone())) == Some(&true);
                (always && !of).then(|| format!("{key} {unit}"))
            })
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
    fn a_term_says_what_of_where_the_source_does() {
        let s = Suspended::new([
            "Le tribunal a prononcé une peine de cinq ans d'inéligibilité et une amende.",
            "La procureure avait requis cinq ans d'emprisonnement.",
            "Jean-Pierre Castellan, 58 ans, était accusé.",
        ]);
        assert_eq!(
            s.bare("Le tribunal a prononcé une peine de cinq ans et une amende.")
                .as_deref(),
            Some("5 ans")
        );
        for right in [
            "Le tribunal a prononcé cinq ans d'inéligibilité.",
            "La procureure avait requis cinq ans d'emprisonnement.",
            "Jean-Pierre Castellan a 58 ans.",
        ] {
            assert_eq!(s.bare(right), None, "{right}");
        }
    }

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
