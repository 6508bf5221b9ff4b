//! Whether a sentence that ends with a question mark is a question as written French asks
//! one: an interrogative among its first words, or a subject pronoun after its verb. A
//! statement with a question mark (« Les travaux concernent les ponts sur le Rhône ? ») is
//! speech, not the question of a « Questions fréquentes » section.

use crate::text::words;

/// Interrogatives, folded to lower case, that open a question or follow its preposition
/// (« À quelle date… », « Depuis quand… », « Pour combien de… »).
const INTERROGATIVES: &[&str] = &[
    "qui",
    "que",
    "quoi",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "lequel",
    "laquelle",
    "lesquels",
    "lesquelles",
    "quand",
    "où",
    "comment",
    "pourquoi",
    "combien",
];
/// How far into a question its interrogative may stand: after a preposition and a word
/// (« Dans combien de… », « À partir de quand… »).
const INTERROGATIVE_WITHIN: usize = 4;
/// Subject pronouns a question puts after its verb (« commenceront-ils », « va-t-elle »,
/// « peut-on », « qu'est-ce »).
const INVERTED: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce",
];

/// Whether `word` (any case) is an interrogative, elided (« qu'est-ce ») or not.
pub fn interrogative(word: &str) -> bool {
    let w = word.to_lowercase().replace('’', "'");
    INTERROGATIVES.contains(&w.as_str()) || w.starts_with("qu'") || w == "est-ce"
}

/// Whether `sentence` asks what it asks in the words of a question; `true` for anything
/// that does not end with a question mark.
pub fn asks(sentence: &str) -> bool {
    let trimmed = sentence.trim_end_matches(['»', '"', ')', ' ', '\u{a0}']);
    if !trimmed.ends_with('?') {
        return true;
    }
    let ws = words(sentence);
    let lower: Vec<String> = ws
        .iter()
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    let interrogative = lower.iter().take(INTERROGATIVE_WITHIN).any(|w| {
        INTERROGATIVES.contains(&w.as_str())
            || w.starts_with("qu'")
            || w.strip_prefix("d'").is_some_and(|rest| rest == "où")
    });
    let inverted = lower.iter().any(|w| {
        w.rsplit_once('-')
            .is_some_and(|(verb, pronoun)| !verb.is_empty() && INVERTED.contains(&pronoun))
    });
    interrogative || inverted
}

/// Words after which a subject may follow its verb in a statement: « Toujours est-il
/// que… », « Peut-être faut-il… », « Aussi a-t-il… ».
const INVERTING_ADVERBS: &[&str] = &[
    "toujours",
    "peut-être",
    "aussi",
    "ainsi",
    "doute",
    "peine",
    "encore",
    "rares",
];

/// Subject pronouns that a question, or an incise of speech (« …, ont-ils déclaré »), puts
/// after its verb.
const INVERTED_SUBJECTS: &[&str] = &["il", "elle", "on", "ils", "elles"];

/// The first verb of `sentence` with its subject inverted as a question has it, where the
/// sentence does not end with a question mark and no comma, quotation or adverb before it
/// makes it an incise (« Les États-Unis et le Japon vont-ils approfondir leur coopération. »,
/// seed dispatch, seed 3, stop 59).
pub fn told(sentence: &str) -> Option<String> {
    let trimmed = sentence.trim_end_matches(['»', '"', ')', ' ', '\u{a0}']);
    if trimmed.ends_with('?') {
        return None;
    }
    let tokens: Vec<&str> = sentence.split_whitespace().collect();
    tokens.iter().enumerate().find_map(|(i, token)| {
        let word = token
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase();
        let (verb, pronoun) = word.rsplit_once('-')?;
        let verb = verb.strip_suffix("-t").unwrap_or(verb);
        let inverted = INVERTED_SUBJECTS.contains(&pronoun)
            && verb.chars().count() > 1
            && verb.chars().all(char::is_alphabetic);
        let incise = i.checked_sub(1).is_some_and(|before| {
            let previous = tokens[before];
            previous.ends_with([',', '»', '"', '”', '(', ':', '—', '–'])
                || INVERTING_ADVERBS.contains(&previous.to_lowercase().as_str())
        });
        (inverted && !incise).then(|| word.clone())
    })
}

/// Determiners that open the noun a question's inverted pronoun may stand for (« Quand la
/// Métropole commencera-t-elle… »).
const NOUN_OPENERS: &[&str] = &[
    "le", "la", "les", "l'", "un", "une", "des", "du", "ce", "cet", "cette", "ces", "son", "sa",
    "ses", "leur", "leurs",
];

/// The inverted verb of a question (« commenceront-elles ») that names no one before it for
/// its pronoun to stand for: only interrogatives and prepositions come first. « Quand
/// commenceront-elles les premiers chantiers ? » (velo, seed 3, at `de8f912`), a question of
/// « Questions fréquentes », which no sentence comes before.
pub fn unnamed(sentence: &str) -> Option<String> {
    let trimmed = sentence.trim_end_matches(['»', '"', ')', ' ', '\u{a0}']);
    if !trimmed.ends_with('?') {
        return None;
    }
    let ws = words(sentence);
    let at = ws.iter().position(|w| {
        let lower = w.to_lowercase();
        lower.rsplit_once('-').is_some_and(|(verb, pronoun)| {
            INVERTED_SUBJECTS.contains(&pronoun) && pronoun != "on" && verb.chars().count() > 1
        })
    })?;
    let named = ws[..at].iter().enumerate().any(|(i, w)| {
        let lower = w.to_lowercase().replace('’', "'");
        let name = i > 0 && w.starts_with(char::is_uppercase);
        name || NOUN_OPENERS.contains(&lower.as_str()) || lower.starts_with("l'")
    });
    (!named).then(|| ws[at].to_string())
}

/// The name a question « Quel est le … ? » gives for what it asks: « Quel est le buteur
/// Thomas Ramos ? » (rugby's « Questions fréquentes », in eight articles of stops 66 to 68)
/// asks for a kicker and names him.
pub fn names_its_answer(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    let lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    let which = ["quel", "quelle", "quels", "quelles"].contains(&lower.first()?.as_str());
    let is = ["est", "sont", "était", "étaient"].contains(&lower.get(1)?.as_str());
    // Named in apposition (« le buteur Thomas Ramos »), not as a complement (« le rôle de
    // Thomas Ramos »).
    let at = (2..ws.len()).find(|&i| ws[i].starts_with(char::is_uppercase))?;
    let name = ws[at];
    if crate::text::PREPOSITIONS.contains(&lower[at - 1].as_str()) || lower[at - 1] == "du" {
        return None;
    }
    (which && is && sentence.trim_end().ends_with('?')).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::{asks, names_its_answer, told, unnamed};

    #[test]
    fn a_question_does_not_name_what_it_asks_for() {
        assert_eq!(
            names_its_answer("Quel est le buteur Thomas Ramos ?").as_deref(),
            Some("Thomas")
        );
        for fine in [
            "Quel est le rôle du buteur ?",
            "Quel est le rôle de Thomas Ramos ?",
            "Quelle est la part du Stade toulousain ?",
            "Quel est le score de la demi-finale ?",
            "Quels titres le Stade toulousain a-t-il gagnés ?",
            "Quel est le buteur Thomas Ramos.",
        ] {
            assert_eq!(names_its_answer(fine), None, "{fine}");
        }
    }

    #[test]
    fn a_question_s_pronoun_stands_for_a_noun_before_it() {
        for (asked, verb) in [
            (
                "Quand commenceront-elles les premiers chantiers ?",
                "commenceront-elles",
            ),
            ("Que prévoit-il pour les ménages ?", "prévoit-il"),
            ("À quelle date commenceront-ils ?", "commenceront-ils"),
        ] {
            assert_eq!(unnamed(asked).as_deref(), Some(verb), "{asked}");
        }
        for fine in [
            "Quand la Métropole commencera-t-elle les travaux ?",
            "Quand les premiers chantiers commenceront-ils ?",
            "Comment Toulouse a-t-il battu Bordeaux ?",
            "Que peut-on attendre du plan ?",
            "Les chantiers commenceront-ils au printemps ?",
            "« Nous irons jusqu'au bout », a-t-il déclaré.",
        ] {
            assert_eq!(unnamed(fine), None, "{fine}");
        }
    }

    #[test]
    fn an_inverted_subject_asks_unless_it_says_who_speaks() {
        for asked in [
            "Les États-Unis et le Japon vont-ils approfondir leur coopération.",
            "Le plan va-t-il doubler la place du vélo.",
        ] {
            assert!(told(asked).is_some(), "{asked}");
        }
        for statement in [
            "Les deux pays vont coopérer, ont-ils déclaré vendredi.",
            "« Nous irons jusqu'au bout », a-t-il déclaré.",
            "« Nous irons jusqu'au bout » dit-elle aux journalistes.",
            "Toujours est-il que le plan a été adopté.",
            "Le plan va-t-il doubler la place du vélo ?",
            "Le centre-ville sera fermé aux voitures.",
            "Le plan prévoit, semble-t-il, des pistes.",
        ] {
            assert_eq!(told(statement), None, "{statement}");
        }
    }

    #[test]
    fn a_question_is_asked_by_an_interrogative_or_an_inverted_subject() {
        for question in [
            "Comment vont-ils commencer les chantiers ?",
            "Quand commenceront les premiers chantiers ?",
            "À quelle date le plan sera-t-il présenté ?",
            "Depuis quand les cyclistes partagent-ils la chaussée ?",
            "Qu'est-ce que le plan prévoit pour les ménages modestes ?",
            "Les travaux concernent-ils les ponts sur le Rhône ?",
            "Le plan va-t-il doubler la place du vélo ?",
            "D'où viendra le financement du plan ?",
            "Combien de places de stationnement le plan prévoit-il ?",
            "Le plan a été présenté mardi.",
        ] {
            assert!(asks(question), "{question}");
        }
        // Seen as a FAQ question of `write examples/velo-lyon.txt` on a GPU: a statement.
        for statement in [
            "Les travaux concernent les ponts sur le Rhône, où les cyclistes partagent le pont avec les voitures ?",
            "Le plan comprend 15000 places de stationnement ?",
            "La Ville à vélo estime que les ponts sont attendus ?",
            "Les associations de Villeurbanne-Lyon ont salué le plan ?",
        ] {
            assert!(!asks(statement), "{statement}");
        }
    }
}
