//! A noun's complement the source writes with a bare « de » (« les cours d'eau », « les pics
//! d'activité »), given an article: « les prélèvements dans les cours de l'eau » (sécheresse,
//! all three seeds at stop 77) names the water's course, not the rivers.

use std::collections::HashSet;

use crate::text::{normalize, strip_elision, word_key, words};

/// Whether `word` (lower case) may be a noun's head (`least` 4) or complement (3: « eau »):
/// a plain word of that many letters or more that is no function word.
fn plain(word: &str, least: usize) -> bool {
    word.chars().count() >= least
        && word.chars().all(char::is_alphabetic)
        && !crate::text::is_stopword(word)
}

/// Each complement of `sentence` after « de »: the word before it, the complement's word
/// (`word_key` both) and whether an article stands between (« du », « des », « de la »,
/// « de l' »).
fn complements(sentence: &str) -> Vec<(String, String, bool)> {
    let ws: Vec<String> = words(sentence).iter().map(|w| normalize(w)).collect();
    let mut out = Vec::new();
    for i in 1..ws.len() {
        let head = &ws[i - 1];
        if !plain(head, 4) {
            continue;
        }
        let (complement, articled) = match ws[i].as_str() {
            "du" | "des" => (ws.get(i + 1).cloned(), true),
            "de" => match ws.get(i + 1).map(String::as_str) {
                Some("la") => (ws.get(i + 2).cloned(), true),
                Some(w) if w.starts_with("l'") || w.starts_with("l’") => {
                    (Some(strip_elision(w).to_string()), true)
                }
                Some(w) => (Some(w.to_string()), false),
                None => (None, false),
            },
            w if w.starts_with("d'") || w.starts_with("d’") => {
                (Some(strip_elision(w).to_string()), false)
            }
            _ => (None, false),
        };
        if let Some(c) = complement.filter(|c| plain(c, 3)) {
            out.push((word_key(head), word_key(&c), articled));
        }
    }
    out
}

/// The pairs the source writes with a bare « de », and those it writes with an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BareComplements {
    bare: HashSet<(String, String)>,
    articled: HashSet<(String, String)>,
}

impl BareComplements {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut found = Self::default();
        for sentence in source {
            for (head, complement, articled) in complements(sentence) {
                match articled {
                    true => found.articled.insert((head, complement)),
                    false => found.bare.insert((head, complement)),
                };
            }
        }
        found
    }

    /// The first complement of `sentence` given an article where the source writes it with
    /// a bare « de » only: « cours de l'eau » for « cours d'eau ».
    pub fn articled(&self, sentence: &str) -> Option<String> {
        complements(sentence)
            .into_iter()
            .find(|(head, complement, articled)| {
                let pair = (head.clone(), complement.clone());
                *articled && self.bare.contains(&pair) && !self.articled.contains(&pair)
            })
            .map(|(head, complement, _)| format!("{head} de … {complement}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_complement_takes_no_article() {
        let c = BareComplements::new([
            "Des contrôles sur les prélèvements dans les cours d'eau.",
            "Les effectifs sont insuffisants pour faire face aux pics d'activité.",
            "La part du vélo dans les déplacements, et la part de vélo.",
        ]);
        for wrong in [
            "Les services contrôlent les prélèvements dans les cours de l'eau.",
            "Les effectifs ne font pas face aux pics de l'activité.",
        ] {
            assert!(c.articled(wrong).is_some(), "{wrong}");
        }
        for right in [
            "Les services contrôlent les cours d'eau.",
            "La place du vélo doit doubler.",
            "La part du vélo doit doubler.",
            "Le recyclage de l'eau est exigé.",
        ] {
            assert_eq!(c.articled(right), None, "{right}");
        }
    }
}
