//! Whether a sentence is whole, written French, whatever its source says: it does not stop on
//! a word that announces more, has a verb, says no phrase twice, elides as French elides,
//! keeps its hyphens on their words and its guillemets apart from the words outside them,
//! says something after a verb of saying, and asks « qu'est-ce que » only of a clause that
//! lacks what it asks for. The gate
//! refuses a sentence that fails, and `check` lists it.

pub mod clitic;
pub mod elision;
pub mod fragments;
pub mod said;
pub mod stutter;

pub use elision::missing_elision;
pub use fragments::{
    broken_hyphen, comma_before_verb, dangles, filled_question, glued_guillemet, verbless,
};
pub use stutter::stutter;

/// The first fault of form in `sentence`, a finished sentence, with what shows it; `source`,
/// the source's sentences, may write a pair unelided (a name spelled so).
pub fn fault(sentence: &str, source: &[String]) -> Option<String> {
    let closed = sentence.trim_end_matches(['»', '"', ')', ' ', '\u{a0}']);
    if dangles(closed) {
        return Some("it stops on a word that announces more".into());
    }
    if verbless(sentence) {
        return Some("it has no verb".into());
    }
    if comma_before_verb(sentence) {
        return Some("a comma between its subject and its verb".into());
    }
    if filled_question(sentence) {
        return Some("« qu'est-ce que » asks for what the question already has".into());
    }
    if broken_hyphen(sentence) {
        return Some("a hyphen broken off its word".into());
    }
    if glued_guillemet(sentence) {
        return Some("a guillemet glued to the word outside it".into());
    }
    if let Some(phrase) = stutter(sentence) {
        return Some(format!("said twice: {phrase}"));
    }
    if let Some(pair) = missing_elision(sentence, source) {
        return Some(format!("not elided: {pair}"));
    }
    if let Some(phrase) = clitic::pronoun_before_infinitive(sentence, source) {
        return Some(format!(
            "a pronoun before an infinitive the source does not have: {phrase}"
        ));
    }
    if let Some(incise) = said::uninverted(sentence) {
        return Some(format!("the pronoun not inverted: {incise}"));
    }
    said::says_nothing(sentence).map(|said| format!("nothing said after « {said} »"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_that_is_not_whole_french_has_a_fault() {
        for (broken, fault_) in [
            (
                "Le tribunal correctionnel de Marseille a.",
                "announces more",
            ),
            (
                "Les Bordelais, qui disputaient leur troisième demi-finale.",
                "no verb",
            ),
            (
                "Le chef d'entreprise a été a été condamné.",
                "said twice: a été a été",
            ),
            (
                "Le plan coûte 120 millions de euros.",
                "not elided: de euros",
            ),
            ("Les deux pays ont déclaré vendredi.", "nothing said"),
            (
                "Le bâtiment de 3 200 mètres carrés, a été construit à côté de l'hôpital.",
                "a comma between",
            ),
            ("« Nous voulons un plan », il a déclaré.", "not inverted"),
            (
                "Les deux pays ont convenu de la travailler.",
                "la travailler",
            ),
        ] {
            let found = fault(broken, &[]).unwrap_or_default();
            assert!(found.contains(fault_), "{broken}: {found}");
        }
        for whole in [
            "Le tribunal correctionnel de Marseille a condamné mardi un ancien adjoint.",
            "« Nous voulons un plan », a-t-il déclaré.",
            "Les deux pays ont déclaré vendredi qu'ils travailleraient ensemble.",
        ] {
            assert_eq!(fault(whole, &[]), None, "{whole}");
        }
    }
}
