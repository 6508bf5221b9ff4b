//! A verb of saying with nothing said: « Les États-Unis et le Japon ont déclaré vendredi, le
//! dernier signe du renforcement des liens » (the seed dispatch's lead, at stop 67), where the
//! source's « ont-ils déclaré » closes what they said; and a verb of saying after a quotation
//! with its pronoun before it (« », il a déclaré »), where French puts it after (« », a-t-il
//! déclaré »).

use crate::facts::WEEKDAYS;
use crate::seo::readability::AVOIR;
use crate::text::{fold_accents, normalize};

/// Participles of saying that take what is said after them (folded).
const SAID: &[&str] = &[
    "declare", "declares", "affirme", "assure", "explique", "precise", "indique", "souligne",
    "annonce", "ajoute", "dit", "estime", "rappele", "confie",
];

/// Words of time, besides the days of the week, that may stand between the verb and what is
/// said (« a déclaré vendredi que », « a déclaré hier soir que »).
const WHEN: &[&str] = &[
    "hier",
    "aujourd'hui",
    "matin",
    "soir",
    "midi",
    "encore",
    "aussi",
    "egalement",
    "alors",
];

/// The verb of saying, told after « avoir » and a subject (not as an incise: « », a déclaré
/// X »), after which the sentence ends, or goes on past a comma and words of time with
/// nothing said: no « que », no quotation, no colon.
pub fn says_nothing(sentence: &str) -> Option<String> {
    let letters = |c: char| c.is_alphabetic() || c == '\'' || c == '’' || c == '-';
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in sentence.char_indices().chain([(sentence.len(), ' ')]) {
        match (letters(c), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                spans.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    let key = |(from, to): (usize, usize)| fold_accents(&normalize(&sentence[from..to]));
    for pair in spans.windows(2) {
        let (auxiliary, said) = (pair[0], pair[1]);
        if !SAID.contains(&key(said).as_str())
            || !AVOIR.contains(&normalize(&sentence[auxiliary.0..auxiliary.1]).as_str())
        {
            continue;
        }
        let before = sentence[..auxiliary.0].trim_end();
        if before.is_empty() || before.ends_with([',', '»', '"', '”', ':', '(']) {
            continue;
        }
        let mut rest = &sentence[said.1..];
        let mut comma = false;
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix(',') {
                comma = true;
                rest = after;
                continue;
            }
            let word_end = rest.find(|c: char| !letters(c)).unwrap_or(rest.len());
            let word = fold_accents(&normalize(&rest[..word_end]));
            let when = WHEN.contains(&word.as_str()) || WEEKDAYS.contains(&word.as_str());
            if word_end > 0 && when {
                rest = &rest[word_end..];
                continue;
            }
            break;
        }
        let ended = rest.is_empty() || rest.starts_with(['.', '!', '?', '…']);
        let lower = normalize(rest);
        let something = lower.starts_with(':')
            || lower.contains("que ")
            || lower.contains("qu'")
            || lower.contains(['«', '"', '“']);
        if ended || (comma && !something) {
            return Some(sentence[auxiliary.0..said.1].to_string());
        }
    }
    None
}

/// A subject pronoun, « avoir » and a participle of saying right after a quotation closes
/// and a comma: « « Nous voulons … », il a déclaré à l'hôtel de la Métropole » (velo with
/// dead ends, stop 67).
pub fn uninverted(sentence: &str) -> Option<String> {
    sentence
        .match_indices(['»', '"', '”'])
        .find_map(|(at, mark)| {
            let rest = sentence[at + mark.len()..].trim_start().strip_prefix(',')?;
            let ws: Vec<&str> = rest.split_whitespace().take(3).collect();
            let [pronoun, auxiliary, said] = ws[..] else {
                return None;
            };
            let said = said.trim_end_matches(|c: char| !c.is_alphabetic());
            let found = ["il", "elle", "ils", "elles", "on"].contains(&normalize(pronoun).as_str())
                && AVOIR.contains(&normalize(auxiliary).as_str())
                && SAID.contains(&fold_accents(&normalize(said)).as_str());
            found.then(|| format!("{pronoun} {auxiliary} {said}"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_of_saying_says_something() {
        assert_eq!(
            says_nothing(
                "Les États-Unis et le Japon ont déclaré vendredi, le dernier signe de leur \
                 renforcement des liens dans les semi-conducteurs."
            )
            .as_deref(),
            Some("ont déclaré")
        );
        assert_eq!(
            says_nothing("Le président de la Métropole a déclaré.").as_deref(),
            Some("a déclaré")
        );
        assert_eq!(
            uninverted(
                "«Nous voulons que chaque habitant puisse rejoindre son travail à vélo », il a \
                 déclaré à l'hôtel de la Métropole, mardi."
            )
            .as_deref(),
            Some("il a déclaré")
        );
        assert_eq!(
            uninverted("« Nous voulons un plan », a-t-il déclaré, et il a déclaré la suite."),
            None
        );
        for kept in [
            "Les deux pays ont déclaré vendredi qu'ils approfondiraient leur coopération.",
            "Le maire a déclaré, mardi, que le plan était prêt.",
            "La Métropole a annoncé mardi un plan de 120 millions d'euros.",
            "« Nous voulons un plan », a déclaré le président de la Métropole.",
            "Le président a déclaré : « Nous voulons un plan. »",
            "Ils ont déclaré vendredi, selon Reuters, vouloir « réduire les risques ».",
            "Le club a remporté la demi-finale.",
        ] {
            assert_eq!(says_nothing(kept), None, "{kept}");
        }
    }
}
