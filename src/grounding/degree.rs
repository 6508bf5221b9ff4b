//! Degree: what the source says more or less of. « Le centre-ville est de plus en plus
//! fréquenté » and « le plus de boutiques » use only the source's words (« plus réservé »,
//! « la fréquentation des boutiques »), yet make a comparison the source never makes. A
//! comparative or a superlative must bear on a word the source compares the same way.

use std::collections::HashSet;

use super::links::key;
use super::speakers::folded;
use super::{stem, CLAUSE_MARKS};
use crate::text::words;

/// Words that compare, folded.
const COMPARATIVES: &[&str] = &["plus", "moins", "davantage", "mieux", "pire"];

/// Words, at most, from the comparative to the content word it bears on (« plus de
/// cinquante », « les plus attendus », « de plus en plus de places »).
const SCOPE_WORDS: usize = 4;

/// One comparison: its comparative and the content word it bears on (its key), or none when
/// its clause ends first.
type Comparison = (String, Option<String>);

/// The comparisons of `text`, clause by clause; « ne … plus » is a negation, not one.
fn comparisons(text: &str) -> Vec<Comparison> {
    let mut out = Vec::new();
    for clause in text.split(CLAUSE_MARKS) {
        let ws: Vec<String> = words(clause).iter().map(|w| folded(w)).collect();
        for (i, w) in ws.iter().enumerate() {
            if !COMPARATIVES.contains(&w.as_str()) {
                continue;
            }
            let negated = ws[i.saturating_sub(SCOPE_WORDS)..i]
                .iter()
                .any(|p| p == "ne" || p.starts_with("n'"));
            if negated && w == "plus" {
                continue;
            }
            let bears_on = ws[i + 1..].iter().take(SCOPE_WORDS).find_map(|n| {
                match n.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    true => Some(n.clone()),
                    false => stem(n).map(|s| key(&s).to_string()),
                }
            });
            // « une ligne de plus », « en plus », « non plus », « De plus, »: one more, also,
            // neither, moreover; no comparison.
            let before = i.checked_sub(1).map(|p| ws[p].as_str());
            let aside = matches!(before, Some("de" | "en" | "non")) && bears_on.is_none();
            if !aside {
                out.push((w.clone(), bears_on));
            }
        }
    }
    out
}

/// The comparisons a source makes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Degree {
    made: HashSet<Comparison>,
}

impl Degree {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            made: source.into_iter().flat_map(comparisons).collect(),
        }
    }

    /// The first comparison of `sentence` the source does not make, as « plus … word ».
    pub fn invented(&self, sentence: &str) -> Option<String> {
        comparisons(sentence)
            .into_iter()
            .find(|c| !self.made.contains(c))
            .map(|(w, on)| format!("{w} {}", on.unwrap_or_default()).trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_bears_on_what_the_source_compares() {
        let source = [
            "Du côté des commerçants, l'accueil est plus réservé.",
            "Les travaux les plus attendus concernent les ponts.",
            "Les entreprises de plus de cinquante salariés installeront des abris.",
            "Le centre-ville ne perdra plus de places.",
        ];
        let degree = Degree::new(source);
        for right in [
            "L'accueil des commerçants est plus réservé.",
            "Les ponts sont les travaux les plus attendus.",
            "Les entreprises de plus de cinquante salariés sont invitées.",
            "Le centre-ville ne gagne plus de places.",
            "Le plan compte une ligne de plus.",
            "De plus, les commerçants sont inquiets.",
        ] {
            assert_eq!(degree.invented(right), None, "{right}");
        }
        for wrong in [
            "Le centre-ville est de plus en plus fréquenté.",
            "Le centre-ville a le plus de boutiques.",
            "Le budget de la Métropole est le plus des plus.",
            "Les commerçants sont moins réservés.",
        ] {
            assert!(degree.invented(wrong).is_some(), "{wrong}");
        }
    }
}
