//! Words that lean on the sentence before them: « La Métropole assure que des études menées
//! dans d'autres villes montrent l'effet inverse » says the inverse of the shopkeepers' fear,
//! told in the source's sentence before. Said alone (velo, every seed at `de8f912`: « La
//! Métropole assure que des études … ont montré l'effet inverse. » under a heading of its
//! own), it says the inverse of nothing. And a demonstrative points at what was named before
//! it: « Cette décision intervient alors que… » opening an item of « L'essentiel » (the seed
//! dispatch, 89 part-opening sentences in about 280 stored articles of stops 71–74), « … de
//! s'aligner sur ces contrôles » after « Le ministre chinois a rencontré Raimondo », point at
//! nothing.

use std::collections::{HashMap, HashSet};

use super::stem_set;
use crate::text::{fold_accents, normalize, words};

/// Content stems of what a leaning word leans on that must be said: a statement, not one
/// word of it. « Du côté des commerçants, l'accueil est réservé » shares only « comme » (its
/// five letters cut « commerçants » and « commerce » alike) with the shopkeepers' fear, and
/// « … ont montré l'effet inverse » after it said the inverse of nothing (the quick start at
/// stop 76).
const LEANED_STEMS: usize = 2;

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
    /// The demonstratives of the source with their noun, lower case (« cette décision »).
    demonstratives: HashSet<String>,
}

/// Determiners that point at what was named before them.
const DEMONSTRATIVES: &[&str] = &["ce", "cet", "cette", "ces"];

/// Nouns a demonstrative makes the time of writing (« cette saison », « ce jour »), beside
/// the dates of `facts::is_time_word`, folded.
const NOW: &[&str] = &["jour", "saison", "moment", "instant", "heure", "fois"];

/// Whether `word` (either number) says a time a demonstrative makes now: « cette année »,
/// « ces dernières semaines ».
fn is_now(word: &str) -> bool {
    let folded = fold_accents(&normalize(word));
    let singular = folded.strip_suffix(['s', 'x']).unwrap_or(&folded);
    [folded.as_str(), singular]
        .iter()
        .any(|w| crate::facts::is_time_word(w) || NOW.contains(w))
}

/// Each demonstrative of `text` outside a quotation, with the noun it points with (past an
/// adjective that comes before its noun: « ces derniers », « ce nouveau plan »), as written,
/// and where the demonstrative stands in the words. A date (« cette année », « ce mardi »)
/// points at the time of writing, and « ce » before anything but a noun is a pronoun (« ce
/// faire », « ce sont »).
fn demonstratives(text: &str) -> Vec<(usize, &str, &str)> {
    let ws = words(text);
    let mut quoted = 0i32;
    let mut out = Vec::new();
    let mut rest = text;
    for (i, w) in ws.iter().enumerate() {
        if let Some(at) = rest.find(w) {
            quoted += rest[..at].matches(['«', '“']).count() as i32;
            quoted -= rest[..at].matches(['»', '”']).count() as i32;
            rest = &rest[at + w.len()..];
        }
        if quoted > 0 || !DEMONSTRATIVES.contains(&normalize(w).as_str()) {
            continue;
        }
        let noun_at = |j: usize| {
            ws.get(j).filter(|noun| {
                let lower = normalize(noun);
                noun.starts_with(char::is_lowercase)
                    && lower.chars().all(char::is_alphabetic)
                    && !crate::text::is_stopword(&lower)
                    && !is_now(&lower)
                    && crate::lexicon::nominal_entry(&lower).is_some()
            })
        };
        // « ces derniers » points as a noun does.
        let adjective = ws.get(i + 1).filter(|a| super::grammar::is_before_noun(a));
        let dated = |j: usize| ws.get(j).is_some_and(|d| is_now(d));
        let noun = match adjective {
            Some(_) if dated(i + 2) => None,
            Some(a) => noun_at(i + 2).or(Some(a)),
            None => noun_at(i + 1),
        };
        if let Some(noun) = noun {
            out.push((i, *w, *noun));
        }
    }
    out
}

impl Anaphora {
    pub fn new<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Self {
        let mut leans_on: HashMap<String, Vec<HashSet<String>>> = HashMap::new();
        let mut demonstratives_seen = HashSet::new();
        let mut before: Option<&str> = None;
        for sentence in sentences {
            for (_, demonstrative, noun) in demonstratives(sentence) {
                demonstratives_seen.insert(normalize(&format!("{demonstrative} {noun}")));
            }
            if let (Some((_, word)), Some(previous)) = (leaning(sentence), before) {
                let own = stem_set(sentence);
                let leaned: HashSet<String> =
                    stem_set(previous).difference(&own).cloned().collect();
                leans_on.entry(word).or_default().push(leaned);
            }
            before = Some(sentence);
        }
        Self {
            leans_on,
            demonstratives: demonstratives_seen,
        }
    }

    /// The first demonstrative of `sentence` with its noun (« ces contrôles »), as written,
    /// that points at nothing named before it: its noun is said neither earlier in the
    /// sentence nor in the sentences `before` it in its part. One the source writes (« Cette
    /// décision ») stands after a sentence of the part, as the source leans it on its own
    /// sentence before; opening a part, it points at nothing.
    pub fn unpointed(&self, sentence: &str, before: &[&str]) -> Option<String> {
        let ws = words(sentence);
        demonstratives(sentence)
            .into_iter()
            .find_map(|(i, demonstrative, noun)| {
                let phrase = format!("{demonstrative} {noun}");
                if !before.is_empty() && self.demonstratives.contains(&normalize(&phrase)) {
                    return None;
                }
                let target = stem_set(noun);
                let mut said = stem_set(&ws[..i].join(" "));
                said.extend(before.iter().flat_map(|b| stem_set(b)));
                (!target.is_empty() && target.is_disjoint(&said)).then_some(phrase)
            })
    }

    /// The leaning word of `sentence` (as written) when the source leans it on its sentence
    /// before and neither `sentence` nor `previous` (the sentence said before it, if any)
    /// says any of what it leans on there.
    pub fn unleaned<'s>(&self, sentence: &'s str, previous: Option<&str>) -> Option<&'s str> {
        let (written, word) = leaning(sentence)?;
        let leans_on = self.leans_on.get(&word)?;
        let mut said = stem_set(sentence);
        said.extend(previous.map(stem_set).unwrap_or_default());
        let leaned = leans_on
            .iter()
            .any(|on| on.intersection(&said).count() >= LEANED_STEMS);
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
        // One stem shared by chance is no statement (the quick start at stop 76).
        assert_eq!(
            a.unleaned(
                alone,
                Some("Du côté des commerçants, l'accueil est réservé.")
            ),
            Some("inverse")
        );
        // A word the source never leans is not judged here.
        assert_eq!(a.unleaned("Le contraire est vrai.", None), None);
    }

    #[test]
    fn a_demonstrative_points_at_what_was_named_before_it() {
        let a = Anaphora::new([
            "Les États-Unis et le Japon vont approfondir leur coopération.",
            "Cette décision intervient alors que Washington et Tokyo réduisent leur exposition à la Chine.",
        ]);
        let decision =
            "Cette décision intervient alors que Washington et Tokyo travaillent ensemble.";
        // Opening a part (an item of « L'essentiel »), it points at nothing.
        assert_eq!(
            a.unpointed(decision, &[]).as_deref(),
            Some("Cette décision")
        );
        // After a sentence, as the source writes it, it stands.
        let before = ["Les États-Unis et le Japon vont approfondir leur coopération."];
        assert_eq!(a.unpointed(decision, &before), None);
        let controls = "Le Japon et les Pays-Bas ont accepté de s'aligner sur ces contrôles.";
        assert_eq!(
            a.unpointed(controls, &["Le ministre chinois a rencontré Raimondo."])
                .as_deref(),
            Some("ces contrôles")
        );
        let named = ["Washington limite ses exportations par des contrôles."];
        assert_eq!(a.unpointed(controls, &named), None);
        for sentence in [
            // A date, a pronoun, a quotation, a noun named earlier in the sentence.
            "Cette année, le club a perdu la finale.",
            "Ces dernières années, le club a perdu deux finales.",
            "Les travaux commencent ce mardi.",
            "Pour ce faire, la Métropole vote un plan.",
            "« Cette décision rappelle que l'argent public n'appartient à personne », a-t-elle déclaré.",
            "Les contrôles limitent la vente, et ces contrôles visent la Chine.",
        ] {
            assert_eq!(a.unpointed(sentence, &[]), None, "{sentence}");
        }
    }
}
