//! A verb's number against its subject's: a subject in the plural told by a verb in the
//! singular future or conditional (« Les championnats de France se jouera »), or a count
//! that opens a sentence told by a singular auxiliary (« 42 spectacles, dont 15 créations
//! mondiales, a proposé le festival »).

use crate::text::{normalize, number_key, words};

/// Futures and conditionals in the singular whose infinitive is not their stem.
const IRREGULAR_SINGULAR: &[&str] = &[
    "sera",
    "serait",
    "aura",
    "aurait",
    "fera",
    "ferait",
    "ira",
    "irait",
    "pourra",
    "pourrait",
    "devra",
    "devrait",
    "viendra",
    "viendrait",
    "verra",
    "verrait",
    "faudra",
    "faudrait",
];

/// Whether `word` (lower case) is a verb in the future or the conditional, third person
/// singular: « jouera », « prendrait », « sera ».
fn singular_future(word: &str) -> bool {
    let stem = word
        .strip_suffix("ait")
        .or_else(|| word.strip_suffix('a'))
        .filter(|stem| stem.ends_with('r'));
    IRREGULAR_SINGULAR.contains(&word)
        || stem.is_some_and(|stem| {
            crate::lexicon::is_verb(stem) || crate::lexicon::is_verb(&format!("{stem}e"))
        })
}

/// A sentence that opens on « Les » and a noun in the plural, whose verb, before any comma
/// or relative clause, is in the singular future or conditional: « Les championnats de
/// France se jouera le 28 juin » (rugby seed 1, stop 73, for « La finale se jouera »).
pub(super) fn plural_subject_singular_verb(sentence: &str) -> Option<String> {
    let clause = sentence.split([',', ';', ':', '«', '(']).next()?;
    let ws = words(clause);
    let noun = ws.get(1)?;
    let plural = match noun.starts_with(char::is_uppercase) {
        true => noun.ends_with(['s', 'x']),
        false => crate::lexicon::is_plural_form(&normalize(noun)),
    };
    if normalize(ws.first()?) != "les" || !plural {
        return None;
    }
    ws.iter()
        .skip(2)
        .take_while(|w| {
            let w = normalize(w);
            !["qui", "que", "dont", "où"].contains(&w.as_str()) && !w.starts_with("qu'")
        })
        .find(|w| w.starts_with(char::is_lowercase) && singular_future(&normalize(w)))
        .map(|verb| format!("{} … {verb}", ws[..2].join(" ")))
}

/// Singular forms of « avoir » and « être » that tell a verb of a subject.
const SINGULAR_AUXILIARIES: &[&str] = &["a", "est", "avait", "était", "sera", "aura"];

/// A sentence that opens on a count of two or more in digits and a noun in the plural, whose
/// verb, past an aside between commas, is a singular auxiliary: « 42 spectacles, dont 15
/// créations mondiales, a proposé le festival » (festival seed 1, stop 77), the object put
/// first with its verb left in the number of the subject after it.
pub(super) fn count_subject_singular_verb(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    let figures = ws.iter().take_while(|w| number_key(w).is_some()).count();
    let value: f64 = ws[..figures]
        .iter()
        .filter_map(|w| number_key(w))
        .collect::<String>()
        .parse()
        .ok()?;
    let noun = ws.get(figures)?;
    let plural =
        noun.starts_with(char::is_lowercase) && crate::lexicon::is_plural_form(&normalize(noun));
    if figures == 0 || value < 2.0 || !plural {
        return None;
    }
    // The words after the noun, past an aside it opens with a comma.
    let after = &sentence[sentence.find(*noun)? + noun.len()..];
    let after = match after.trim_start().strip_prefix(',') {
        Some(aside) => aside.split_once(',')?.1,
        None => after,
    };
    let verb = *words(after).first()?;
    SINGULAR_AUXILIARIES
        .contains(&normalize(verb).as_str())
        .then(|| format!("{} {noun} … {verb}", ws[..figures].join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plural_subject_takes_no_singular_future() {
        assert_eq!(
            plural_subject_singular_verb("Les championnats de France se jouera le 28 juin.")
                .as_deref(),
            Some("Les championnats … jouera")
        );
        assert!(plural_subject_singular_verb("Les Toulousains affrontera La Rochelle.").is_some());
        for right in [
            "Les championnats de France se joueront le 28 juin.",
            "La finale se jouera le 28 juin.",
            "Les billets que la Ligue mettra en vente partiront vite.",
            "Les Bordelais, dont le capitaine sera absent, ont perdu.",
        ] {
            assert_eq!(plural_subject_singular_verb(right), None, "{right}");
        }
    }

    #[test]
    fn a_count_that_opens_a_sentence_takes_no_singular_auxiliary() {
        assert_eq!(
            count_subject_singular_verb(
                "42 spectacles, dont 15 créations mondiales, a proposé le festival."
            )
            .as_deref(),
            Some("42 spectacles … a")
        );
        assert!(count_subject_singular_verb("118 000 billets a vendu le festival.").is_some());
        for right in [
            "42 spectacles, dont 15 créations mondiales, ont été proposés.",
            "118 000 billets ont été vendus.",
            "1 spectacle a été annulé.",
            "En 2020, une enquête a été ouverte.",
            "2020 a été une année record.",
            "Le festival a proposé 42 spectacles.",
        ] {
            assert_eq!(count_subject_singular_verb(right), None, "{right}");
        }
    }
}
