//! A pronoun that opens a part of the article and stands for no one: « Il a réussi cinq
//! pénalités » opening rugby's article, « l'un et l'autre ont convenu » an item of
//! « L'essentiel », « Ses réserves sont stockées… » a section of another, « La préfecture l'a
//! placé » an article's first sentence.

use crate::text::words;

/// Subject pronouns: a sentence opening on one stands on someone named before it.
const SUBJECT_PRONOUNS: &[&str] = &["il", "elle", "ils", "elles"];

/// Pronouns that stand for what was named before them wherever they are (« l'un et l'autre
/// ont convenu », an item of « L'essentiel » in the seed dispatch at stop 67).
const ANAPHORIC: &[&str] = &[
    "l'un",
    "l'une",
    "l'autre",
    "celui-ci",
    "celle-ci",
    "ceux-ci",
    "celles-ci",
];

/// Possessives of the third person: a part that opens on one (« Ses réserves sont stockées
/// dans les barrages », sécheresse seed 2, stop 77) says whose of no one named.
const POSSESSIVES: &[&str] = &["son", "sa", "ses", "leur", "leurs"];

/// Words after « il » that make it impersonal (« il y a », « il faut »).
const IMPERSONAL: &[&str] = &["y", "faut", "s'agit", "reste", "semble", "manque"];

/// Words after « il est » that make it impersonal (« il est prévu que »).
const IMPERSONAL_STATES: &[&str] = &[
    "prévu",
    "possible",
    "impossible",
    "nécessaire",
    "important",
    "difficile",
    "probable",
    "question",
    "temps",
    "clair",
    "vrai",
    "facile",
    "interdit",
    "envisagé",
    "attendu",
];

/// The subject pronoun `sentence` opens on, where it stands for someone (« Ils se sont
/// engagés… »), not where it is impersonal (« Il y a », « Il est prévu que »). The first
/// sentence of an article, a section or a list item that does so names no one: « Il a
/// réussi cinq pénalités » opened rugby's article, « Il était accusé d'avoir favorisé… » an
/// item of « L'essentiel » (stops 55 to 61). So does « l'un », « celui-ci » and their kin,
/// and a pronoun after a phrase that opens on a preposition (« En 2020, il a… »).
pub fn dangling(sentence: &str) -> Option<String> {
    let mut ws = words(sentence);
    // A phrase that opens on a preposition and ends at a comma leaves the subject after it
    // (« Dans une déclaration conjointe, l'un et l'autre ont convenu »).
    let lead = crate::text::normalize(ws.first()?);
    if let Some(comma) = sentence.find(',') {
        if crate::text::PREPOSITIONS.contains(&lead.as_str()) {
            ws = words(&sentence[comma + 1..]);
        }
    }
    let first = crate::text::normalize(ws.first()?);
    if ANAPHORIC.contains(&first.as_str()) || POSSESSIVES.contains(&first.as_str()) {
        return Some(ws[0].to_string());
    }
    if let Some(object) = object_for_no_one(&ws) {
        return Some(object);
    }
    if !SUBJECT_PRONOUNS.contains(&first.as_str()) {
        return None;
    }
    let at = |i: usize| {
        ws.get(i)
            .map(|w| crate::text::normalize(w))
            .unwrap_or_default()
    };
    let (next, then) = (at(1), at(2));
    let impersonal = first == "il"
        && (IMPERSONAL.contains(&next.as_str())
            || crate::seo::readability::ETRE.contains(&next.as_str())
                && IMPERSONAL_STATES.contains(&then.as_str()));
    (!impersonal).then(|| ws[0].to_string())
}

/// Object pronouns elided before « avoir » (« l'a placé »).
const OBJECTS: &[&str] = &["l'a", "l'ont", "l'avait", "l'avaient", "l'aura", "l'auront"];

/// Words of a subject, at most, before its object pronoun.
const SUBJECT_WORDS: usize = 8;

/// An object pronoun before « avoir » that follows the subject alone, with no word before it
/// that could name what it stands for: « La préfecture d'Ille-et-Vilaine l'a placé en alerte
/// renforcée » (sécheresse seed 3, stop 77) opening an article places no one named. « l'a
/// emporté » is a verb of its own.
fn object_for_no_one(ws: &[&str]) -> Option<String> {
    let at = ws.iter().take(SUBJECT_WORDS + 1).position(|w| {
        let w = crate::text::normalize(w).replace('’', "'");
        OBJECTS.contains(&w.as_str())
    })?;
    let subject_only = ws[..at]
        .iter()
        .all(|w| !["et", "qui", "que", "puis"].contains(&crate::text::normalize(w).as_str()));
    let idiom = ws
        .get(at + 1)
        .is_some_and(|n| crate::text::normalize(n).starts_with("emport"));
    (at > 0 && subject_only && !idiom).then(|| ws[at].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pronoun_that_opens_a_part_stands_for_no_one() {
        for (sentence, pronoun) in [
            ("Il a réussi cinq pénalités, sur six tentatives.", "Il"),
            (
                "Ils se sont également engagés à renforcer les chaînes.",
                "Ils",
            ),
            ("Il était accusé d'avoir favorisé une entreprise.", "Il"),
            (
                "Dans une déclaration conjointe, l’un et l’autre ont convenu d’accroître leur coopération.",
                "l’un",
            ),
            ("L'un et l'autre ont convenu.", "L'un"),
            ("Selon le club, il a réussi cinq pénalités.", "il"),
            ("Ses réserves sont stockées dans les barrages.", "Ses"),
            ("Leur président a salué une équipe courageuse.", "Leur"),
            (
                "La préfecture d'Ille-et-Vilaine l'a placé en alerte renforcée.",
                "l'a",
            ),
        ] {
            assert_eq!(dangling(sentence).as_deref(), Some(pronoun), "{sentence}");
        }
        for sentence in [
            "Il y a trois ans, le club a perdu.",
            "Il est prévu que les travaux commencent au printemps.",
            "Il faut un calendrier précis.",
            "Le buteur Thomas Ramos a réussi cinq pénalités.",
            "Illustration du plan : 250 kilomètres de pistes.",
            "Dans une déclaration conjointe, les deux pays ont convenu d'accroître la coopération.",
            "Les deux pays, dont l'un est le Japon, ont convenu.",
            "Le barrage et ses réserves sont à sec.",
            "Le Stade toulousain l'a emporté face au Racing 92.",
            "Le club a pris l'avantage et l'a gardé.",
        ] {
            assert_eq!(dangling(sentence), None, "{sentence}");
        }
    }
}
