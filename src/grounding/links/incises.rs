//! A source sentence without its incises: « Cette décision, qui comprend …, intervient » says
//! « Cette décision intervient », and « La Ville à vélo, principale association locale,
//! estime » says « La Ville à vélo estime ». Links read both, so that a rewrite may join a
//! subject to its verb across the incise it leaves out.

use crate::text::{normalize, words};

/// Words that open a relative clause set between commas.
const RELATIVES: &[&str] = &[
    "qui",
    "dont",
    "où",
    "lequel",
    "laquelle",
    "lesquels",
    "lesquelles",
];

/// Words that open a clause of its own after a comma, not an apposition.
const NOT_APPOSED: &[&str] = &[
    "et", "ou", "mais", "car", "donc", "puis", "que", "qu'", "si", "selon",
];

/// Forms of « avoir » and « être » that make a piece a clause, not an apposition.
const AUXILIARIES: &[&str] = &["a", "ont", "est", "sont", "était", "sera", "seront"];

/// `text` with each incise set between commas left out, with its commas: a relative clause
/// (« , qui … , »), or an apposition after a name (a capital past the first word before it:
/// « Bruno Bernard, président de la Métropole, »), which opens on a lowercase word that
/// opens no clause and holds no auxiliary; `None` where it has none. A comma must be followed by a blank to cut (« 3,5 » is one figure).
pub(super) fn without_incises(text: &str) -> Option<String> {
    let pieces: Vec<&str> = text.split(", ").collect();
    let mut out = pieces[0].to_string();
    let (mut dropped, mut glue) = (false, false);
    for (i, piece) in pieces.iter().enumerate().skip(1) {
        let last = i + 1 == pieces.len();
        // One incise at a time: the piece after one left out is never taken for another
        // (« A, B, C » is a list, not two incises of « A »).
        if !last && !glue && is_incise(&out, piece) {
            (dropped, glue) = (true, true);
            continue;
        }
        out.push_str(if glue { " " } else { ", " });
        out.push_str(piece);
        glue = false;
    }
    dropped.then_some(out)
}

/// Words of a name set between commas after what it names, at most (« Me Frédéric
/// Audibert »).
const NAME_WORDS: usize = 4;

/// Whether `piece`, between commas after `before`, is an incise.
fn is_incise(before: &str, piece: &str) -> bool {
    let ws = words(piece);
    let Some(first) = ws.first() else {
        return false;
    };
    let first = normalize(first);
    if RELATIVES.contains(&first.as_str()) {
        return true;
    }
    // A name after the common noun it names: « Le chef d'entreprise, Olivier Rinaldi, a été
    // condamné » says « Le chef d'entreprise a été condamné » (read apart, « Le chef
    // d'entreprise, Olivier Rinaldi, est condamné » was refused, 20 candidates in procès's
    // seed-1 trace at stop 70).
    let named = words(before)
        .last()
        .is_some_and(|w| w.starts_with(char::is_lowercase));
    if named && ws.len() <= NAME_WORDS && ws.iter().all(|w| w.starts_with(char::is_uppercase)) {
        return true;
    }
    // A name past the clause's first word (« Bruno Bernard », « La Ville à vélo »).
    let after_name = words(before)
        .iter()
        .skip(1)
        .any(|w| w.starts_with(char::is_uppercase));
    after_name
        && ws[0].starts_with(char::is_lowercase)
        && !NOT_APPOSED.contains(&first.as_str())
        && !ws
            .iter()
            .any(|w| AUXILIARIES.contains(&normalize(w).as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_clauses_and_appositions_between_commas_go() {
        assert_eq!(
            without_incises("Cette décision, qui comprend une collaboration, intervient alors que Tokyo réduit son exposition.").as_deref(),
            Some("Cette décision intervient alors que Tokyo réduit son exposition.")
        );
        assert_eq!(
            without_incises("La Ville à vélo, principale association locale, estime que les travaux concernent les ponts.").as_deref(),
            Some("La Ville à vélo estime que les travaux concernent les ponts.")
        );
        // A clause of its own, a list, a figure and a last clause stay.
        assert_eq!(
            without_incises("Le plan est voté, et les travaux, qui dureront, commencent."),
            Some("Le plan est voté, et les travaux commencent.".to_string())
        );
        assert_eq!(
            without_incises("Les ponts, les quais, les places sont concernés."),
            None
        );
        assert_eq!(without_incises("Le taux atteint 3,5 % et 4,2 %."), None);
        // A name after what it names goes; names in a list stay.
        assert_eq!(
            without_incises("Le chef d'entreprise, Olivier Rinaldi, a été condamné.").as_deref(),
            Some("Le chef d'entreprise a été condamné.")
        );
        assert_eq!(
            without_incises("L'avocat de l'ancien élu, Me Frédéric Audibert, a annoncé l'appel.")
                .as_deref(),
            Some("L'avocat de l'ancien élu a annoncé l'appel.")
        );
        assert_eq!(
            without_incises("Lyon, Paris, Marseille et Nice votent."),
            None
        );
        assert_eq!(
            without_incises("La CGT, qui conteste, a manifesté, qui sait."),
            Some("La CGT a manifesté, qui sait.".to_string())
        );
    }
}
