//! Words that lean on the sentence before them: « La Métropole assure que des études menées
//! dans d'autres villes montrent l'effet inverse » says the inverse of the shopkeepers' fear,
//! told in the source's sentence before. Said alone (velo, every seed at `de8f912`: « La
//! Métropole assure que des études … ont montré l'effet inverse. » under a heading of its
//! own), it says the inverse of nothing.

use std::collections::{HashMap, HashSet};

use super::stem_set;
use crate::text::{fold_accents, normalize, words};

/// Words that say a thing is the other of what was said before, folded.
const LEANING: &[&str] = &["inverse", "contraire"];

/// The leaning word of `text`, as written, with its folded form.
fn leaning(text: &str) -> Option<(&str, String)> {
    words(text).into_iter().find_map(|w| {
        let folded = fold_accents(crate::text::strip_elision(&normalize(w)));
        LEANING.contains(&folded.as_str()).then_some((w, folded))
    })
}

/// For each leaning word of the source, the stems of the sentence before each sentence that
/// says it (its own stems left out): what it leans on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anaphora {
    leans_on: HashMap<String, Vec<HashSet<String>>>,
}

impl Anaphora {
    pub fn new<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Self {
        let mut leans_on: HashMap<String, Vec<HashSet<String>>> = HashMap::new();
        let mut before: Option<&str> = None;
        for sentence in sentences {
            if let (Some((_, word)), Some(previous)) = (leaning(sentence), before) {
                let own = stem_set(sentence);
                let leaned: HashSet<String> =
                    stem_set(previous).difference(&own).cloned().collect();
                leans_on.entry(word).or_default().push(leaned);
            }
            before = Some(sentence);
        }
        Self { leans_on }
    }

    /// The leaning word of `sentence` (as written) when the source leans it on its sentence
    /// before and neither `sentence` nor `previous` (the sentence said before it, if any)
    /// says any of what it leans on there.
    pub fn unleaned<'s>(&self, sentence: &'s str, previous: Option<&str>) -> Option<&'s str> {
        let (written, word) = leaning(sentence)?;
        let leans_on = self.leans_on.get(&word)?;
        let mut said = stem_set(sentence);
        said.extend(previous.map(stem_set).unwrap_or_default());
        let leaned = leans_on.iter().any(|on| !on.is_disjoint(&said));
        (!leaned).then_some(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inverse_is_said_of_what_the_source_says_it_of() {
        let a = Anaphora::new([
            "Plusieurs représentants de la Chambre de commerce craignent que la suppression de places de stationnement ne réduise la fréquentation des boutiques du centre-ville.",
            "La Métropole assure que des études menées dans d'autres villes européennes montrent l'effet inverse.",
        ]);
        let alone = "La Métropole assure que des études dans d'autres villes européennes ont montré l'effet inverse.";
        assert_eq!(a.unleaned(alone, None), Some("inverse"));
        assert_eq!(
            a.unleaned(
                alone,
                Some("La Métropole prévoit une aide à l'achat de vélos.")
            ),
            Some("inverse")
        );
        assert_eq!(
            a.unleaned(
                alone,
                Some("Les commerçants craignent une baisse de la fréquentation des boutiques.")
            ),
            None
        );
        assert_eq!(
            a.unleaned(
                "Des études montrent l'effet inverse sur la fréquentation des boutiques.",
                None
            ),
            None
        );
        // A word the source never leans is not judged here.
        assert_eq!(a.unleaned("Le contraire est vrai.", None), None);
    }
}
