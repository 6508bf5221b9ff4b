//! Noun phrases of the source, word for word: an article, a noun and its complements (« la
//! part du vélo », « un plan de 120 millions d'euros »). A fallback heading or headline made
//! of one says what the part is about in the source's words, without copying a clause.

use std::collections::HashSet;

use crate::text::{normalize, word_key, words};

/// Articles that open a phrase; an elided « l' » opens one inside its word (« l'achat »).
const ARTICLES: &[&str] = &["le", "la", "les", "un", "une"];
/// Words joining a noun to its complement.
const JOINS: &[&str] = &["de", "du", "des", "à", "au", "aux"];
/// Articles that may follow a join (« de la Métropole »).
const JOINED_ARTICLES: &[&str] = &["la", "le", "les"];
/// Complements, at most, a phrase takes (« le quartier de la Part-Dieu »).
const MAX_COMPLEMENTS: usize = 2;

fn is_noun(word: &str) -> bool {
    crate::grounding::stem(word).is_some()
}

fn is_figure(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn elided(word: &str, prefix: &str) -> bool {
    let w = normalize(word);
    w.strip_prefix(prefix).is_some_and(is_noun)
}

/// Where the complement that starts at `at` ends (exclusive), if one does: a join, an
/// article, figures and a noun (« de la Métropole », « de 120 millions »), or an elided
/// « d' » on its noun (« d'euros »).
fn complement(ws: &[&str], at: usize) -> Option<usize> {
    let first = normalize(ws.get(at)?);
    if elided(ws[at], "d'") {
        return Some(at + 1);
    }
    if !JOINS.contains(&first.as_str()) {
        return None;
    }
    let mut i = at + 1;
    if ws
        .get(i)
        .is_some_and(|w| JOINED_ARTICLES.contains(&normalize(w).as_str()))
    {
        i += 1;
    }
    if ws.get(i).is_some_and(|w| elided(w, "l'")) {
        return Some(i + 1);
    }
    while ws.get(i).is_some_and(|w| is_figure(w)) {
        i += 1;
    }
    // « à limiter » is a verb's complement, no noun's (« Les habitants à limiter », a heading
    // of sécheresse at stop 77).
    if first == "à" && i == at + 1 && ws.get(i).is_some_and(|w| infinitive(w)) {
        return None;
    }
    // « des premiers techniciens »: an adjective before its noun takes the noun along (« La
    // formation des premiers », usine at stop 77).
    if ws.get(i).is_some_and(|w| {
        crate::grounding::is_before_noun(w) || MORE_PRENOMINAL.contains(&normalize(w).as_str())
    }) && ws.get(i + 1).is_some_and(|w| is_noun(w))
    {
        return Some(i + 2);
    }
    ws.get(i).filter(|w| is_noun(w)).map(|_| i + 1)
}

/// Adjectives written before their noun that `grammar::is_before_noun` does not list.
const MORE_PRENOMINAL: &[&str] = &[
    "ancien",
    "anciens",
    "ancienne",
    "anciennes",
    "jeune",
    "jeunes",
];

/// Whether `word` reads as an infinitive: lower case, ending « -er », « -ir » or « -re ».
fn infinitive(word: &str) -> bool {
    let w = normalize(word);
    word.starts_with(char::is_lowercase)
        && w.chars().count() > 4
        && ["er", "ir", "re"].iter().any(|e| w.ends_with(e))
}

/// Words after which an adjective is no phrase's end: it governs what follows (« fonds
/// publics dans », « destinés à »).
const GOVERNED: &[&str] = &[
    "à", "au", "aux", "de", "du", "des", "d'", "par", "pour", "en", "sur", "avec", "dans",
];

/// Whether the word at `at` is a plural adjective or participle that closes the phrase
/// before it, its noun plural too: « une affaire de marchés truqués » says what the
/// affair is, where « une affaire de marchés » says another thing (procès's headline at stop
/// 74). One followed by a preposition governs what follows, and a singular one may be a
/// verb (« la part du vélo atteint »): neither is taken.
fn ends_on_plural_adjective(ws: &[&str], at: usize) -> bool {
    let (Some(noun), Some(word)) = (at.checked_sub(1).and_then(|n| ws.get(n)), ws.get(at)) else {
        return false;
    };
    let plural = |w: &str| w.ends_with(['s', 'x']) && w.chars().count() > 3;
    let lower = normalize(word);
    let adjective = word.starts_with(char::is_lowercase)
        && lower.chars().all(char::is_alphabetic)
        && !crate::text::is_stopword(&lower)
        && (["és", "ées"].iter().any(|e| lower.ends_with(e))
            || crate::lexicon::takes_a_feminine(&lower));
    let next = ws.get(at + 1).map(|w| normalize(w));
    let closes = next.is_none_or(|n| !GOVERNED.contains(&n.as_str()) && !n.starts_with("d'"));
    plural(&normalize(noun)) && plural(&lower) && adjective && closes
}

/// The noun phrases of `text` that have at least one complement, in order, as written.
pub fn noun_phrases(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for segment in text.split(crate::grounding::CLAUSE_MARKS) {
        let ws = words(segment);
        let mut i = 0;
        while i < ws.len() {
            let article = ARTICLES.contains(&normalize(ws[i]).as_str());
            let noun_at = match (article, elided(ws[i], "l'")) {
                (true, _) if ws.get(i + 1).is_some_and(|w| is_noun(w)) => Some(i + 1),
                (false, true) => Some(i),
                _ => None,
            };
            let Some(noun_at) = noun_at else {
                i += 1;
                continue;
            };
            let mut end = noun_at + 1;
            let mut complements = 0;
            while complements < MAX_COMPLEMENTS {
                let Some(next) = complement(&ws, end) else {
                    break;
                };
                end = next;
                complements += 1;
            }
            if complements > 0 && ends_on_plural_adjective(&ws, end) {
                end += 1;
            }
            if complements > 0 {
                out.push(ws[i..end].join(" "));
            }
            i = end;
        }
    }
    out
}

/// Words before the noun of a prepositional locution (« du côté des », « au cours de »).
const LOCUTION_OPENS: &[&str] = &["du", "au", "aux", "en", "à"];
/// Words after it.
const LOCUTION_CLOSES: &[&str] = &["de", "du", "des"];

/// The keys of the nouns of `texts` that stand only inside a prepositional locution: « côté »
/// of « Du côté des commerçants », « cours » of « au cours de la saison ». Such a noun names
/// no subject: « Commerçants et côté » headed velo's quick start at stop 77.
pub fn locution_nouns<'a>(texts: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let (mut inside, mut outside) = (HashSet::new(), HashSet::new());
    for text in texts {
        let ws: Vec<String> = words(text).iter().map(|w| normalize(w)).collect();
        for (i, w) in ws.iter().enumerate() {
            let opened = i
                .checked_sub(1)
                .is_some_and(|p| LOCUTION_OPENS.contains(&ws[p].as_str()));
            let closed = ws
                .get(i + 1)
                .is_some_and(|n| LOCUTION_CLOSES.contains(&n.as_str()) || n.starts_with("d'"));
            match opened && closed {
                true => inside.insert(word_key(w)),
                false => outside.insert(word_key(w)),
            };
        }
    }
    inside.difference(&outside).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_an_article_a_noun_and_its_complements() {
        let lead = "La Métropole de Lyon a présenté mardi un plan de 120 millions d'euros destiné à doubler la place du vélo dans les déplacements quotidiens.";
        assert_eq!(
            noun_phrases(lead),
            [
                "La Métropole de Lyon",
                "un plan de 120 millions d'euros",
                "la place du vélo"
            ]
        );
        assert_eq!(
            noun_phrases(
                "Elle prévoit une aide à l'achat de vélos, dans le quartier de la Part-Dieu."
            ),
            ["une aide à l'achat de vélos", "le quartier de la Part-Dieu"]
        );
        assert!(noun_phrases("Les travaux sont en cours.").is_empty());
        // An infinitive is no noun's complement; an adjective before its noun takes it along.
        assert!(noun_phrases("Il a appelé les habitants à limiter leur consommation.").is_empty());
        assert_eq!(
            noun_phrases("La région a financé la formation des premiers techniciens, recrutés."),
            ["la formation des premiers techniciens"]
        );
        // A plural adjective that closes the phrase is part of it; one that governs what
        // follows is not.
        assert_eq!(
            noun_phrases("Il a détourné des fonds dans une affaire de marchés truqués."),
            ["une affaire de marchés truqués"]
        );
        assert_eq!(
            noun_phrases("Le développement de puces avancées et d'autres technologies."),
            ["Le développement de puces avancées"]
        );
        assert_eq!(
            noun_phrases("Le détournement de fonds publics dans une affaire."),
            ["Le détournement de fonds"]
        );
    }

    #[test]
    fn a_locutions_noun_is_no_subject() {
        let found = locution_nouns(["Du côté des commerçants, l'accueil est plus réservé."]);
        assert_eq!(found, HashSet::from([word_key("côté")]));
        // Said elsewhere as a subject of its own, it is one.
        let found = locution_nouns([
            "Du côté des commerçants, l'accueil est plus réservé.",
            "Le côté est fermé.",
        ]);
        assert!(found.is_empty());
        assert!(locution_nouns(["La part du vélo atteint 4 %."]).is_empty());
    }
}
