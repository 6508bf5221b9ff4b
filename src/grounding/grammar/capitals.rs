//! A name's capital: a word the source writes with a capital wherever it stands (« la
//! Métropole », « l'État »), written in lower case, is another word: « La métropole prévoit
//! des aides » (velo seed 1, stop 78) makes an institution a kind of city.

use std::collections::HashSet;

use crate::text::{normalize, strip_elision, words};

/// Each word of `sentence` but the first, with elision stripped (« l'État » is « État »).
fn inner_words(sentence: &str) -> impl Iterator<Item = &str> {
    words(sentence).into_iter().skip(1).map(strip_elision)
}

/// The words (lower case) the source only ever writes with a capital, its sentences' first
/// words aside.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Capitals {
    always: HashSet<String>,
}

impl Capitals {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let (mut capital, mut lower) = (HashSet::new(), HashSet::new());
        for sentence in source {
            for w in words(sentence) {
                let w = strip_elision(w);
                if w.starts_with(char::is_lowercase) {
                    lower.insert(w.to_string());
                }
            }
            for w in inner_words(sentence) {
                if w.starts_with(char::is_uppercase) && w.chars().skip(1).all(char::is_lowercase) {
                    capital.insert(normalize(w));
                }
            }
        }
        let always = capital
            .into_iter()
            .filter(|w| w.chars().count() >= 4 && !lower.contains(w))
            .collect();
        Self { always }
    }

    /// The first word of `sentence`, its first aside, that the source always capitalises,
    /// written in lower case.
    pub fn lowered(&self, sentence: &str) -> Option<String> {
        inner_words(sentence)
            .find(|w| w.starts_with(char::is_lowercase) && self.always.contains(*w))
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_its_capital() {
        let c = Capitals::new([
            "La Métropole de Lyon a présenté un plan.",
            "La Métropole prévoit enfin une aide, complétée par des aides de l'État.",
            "Selon Bruno Bernard, président de la Métropole, la part du vélo doit doubler.",
            "Le festival a vendu 118 000 billets. Festival est un mot.",
        ]);
        assert_eq!(
            c.lowered("La métropole prévoit des aides.").as_deref(),
            Some("métropole")
        );
        assert_eq!(c.lowered("Les aides de l'état.").as_deref(), Some("état"));
        for right in [
            "La Métropole prévoit des aides.",
            "Métropole et État financent le plan.",
            "Le festival a vendu des billets.",
        ] {
            assert_eq!(c.lowered(right), None, "{right}");
        }
    }
}
