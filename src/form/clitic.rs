//! « la » before an infinitive: a pronoun the base model writes where the source has an
//! article, or nothing (« ont convenu de la travailler », « se sont engagés à la renforcer
//! les chaînes », seed dispatch, seed 1, at `bfebbc3`). A feminine noun that ends in « -er »
//! or « -ir » is rare (« la mer », « la cuiller »), so « la » before such a word is the
//! pronoun, and the pronoun stands only where the source writes it so.

use crate::text::{normalize, words};

/// Letters a word must have to be read as an infinitive (« la mer » is a noun).
const MIN_LETTERS: usize = 5;

/// The first « la » + infinitive of `sentence` that no sentence of `source` writes.
pub fn pronoun_before_infinitive(sentence: &str, source: &[String]) -> Option<String> {
    let all = words(sentence);
    for pair in all.windows(2) {
        let (la, verb) = (pair[0], pair[1]);
        let infinitive = verb.chars().count() >= MIN_LETTERS
            && verb.chars().all(|c| c.is_lowercase())
            && (verb.ends_with("er") || verb.ends_with("ir"));
        if normalize(la) != "la" || !infinitive {
            continue;
        }
        let phrase = format!("la {verb}");
        let sourced = source.iter().any(|s| {
            words(s)
                .windows(2)
                .any(|w| normalize(w[0]) == "la" && normalize(w[1]) == verb)
        });
        if !sourced {
            return Some(phrase);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn la_before_an_infinitive_stands_only_where_the_source_has_it() {
        let source = ["Les deux pays ont convenu de travailler ensemble.".to_string()];
        for wrong in [
            "Les deux pays ont convenu de la travailler.",
            "Ils se sont engagés à la renforcer les chaînes d'approvisionnement.",
        ] {
            assert!(
                pronoun_before_infinitive(wrong, &source).is_some(),
                "{wrong}"
            );
        }
        for right in [
            "Les deux pays ont convenu de travailler ensemble.",
            "Le bateau a pris la mer.",
            "La première étape est la construction.",
        ] {
            assert_eq!(pronoun_before_infinitive(right, &source), None, "{right}");
        }
        let source = ["La coopération, ils veulent la renforcer.".to_string()];
        assert_eq!(
            pronoun_before_infinitive("Ils veulent la renforcer.", &source),
            None
        );
    }
}
