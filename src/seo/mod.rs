//! Search engine optimisation: the metadata the program owns (slug, SEO title, meta
//! description, keywords), and the checks of a finished article (`check`).

pub mod check;
pub mod fidelity;
pub mod grounded;
pub mod media;
pub mod readability;
pub mod report;
pub mod rule;
pub mod style;
pub mod transitions;

pub use crate::document::Document;
pub use check::{check, CheckConfig, Keyphrase};
pub use report::{Finding, SeoReport, Status};
pub use rule::Rule;

use crate::text::STOPWORDS;
use crate::text::{fold_accents, normalize};

/// What an article must have unless asked otherwise: words of body text, and `##`
/// subheadings. The writer and the checks both start from these.
pub const DEFAULT_MIN_WORDS: usize = 700;
pub const DEFAULT_MIN_SECTIONS: usize = 3;

pub const MAX_TITLE_CHARS: usize = 60;
pub const MIN_DESCRIPTION_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 156;
pub const MAX_SLUG_CHARS: usize = 75;

/// Lower-case ASCII words joined by hyphens, accents folded, stopwords dropped, at most
/// `MAX_SLUG_CHARS` long (cut at a hyphen).
pub fn slug(text: &str) -> String {
    let folded = fold_accents(&normalize(text));
    let mut parts: Vec<String> = Vec::new();
    for raw in folded.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'') {
        let word = raw.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        // Elided articles: "d'approvisionnement" -> "approvisionnement".
        let word = word.rsplit('\'').next().unwrap_or(word);
        if STOPWORDS.contains(&word) || word.len() < 2 && !word.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        parts.push(word.chars().filter(|c| c.is_ascii_alphanumeric()).collect());
    }
    let mut slug = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if slug.len() + part.len() + 1 > MAX_SLUG_CHARS {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    slug
}

/// Cuts `text` at a word boundary so that it holds at most `max` characters (an ellipsis
/// included when it is cut), never ending on a stopword or a punctuation mark.
pub fn cut_at_word(text: &str, max: usize, ellipsis: bool) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let budget = if ellipsis { max - 1 } else { max };
    let mut words: Vec<&str> = Vec::new();
    let mut length = 0;
    for word in text.split_whitespace() {
        let extra = word.chars().count() + usize::from(!words.is_empty());
        if length + extra > budget {
            break;
        }
        length += extra;
        words.push(word);
    }
    // Nor does it end on a figure cut from what it counts ("un plan de 120" for "120 millions
    // d'euros"): a cut figure misleads.
    while let Some(last) = words.pop() {
        let bare = last.trim_end_matches([',', ';', ':', '-', '–', '«', '(', ' ']);
        let folded = normalize(bare);
        let figure = bare.starts_with(|c: char| c.is_ascii_digit())
            || matches!(
                folded.as_str(),
                "million" | "millions" | "milliard" | "milliards" | "mille"
            );
        if !bare.is_empty() && !figure && !STOPWORDS.contains(&folded.as_str()) {
            words.push(bare);
            break;
        }
    }
    let mut out = words.join(" ");
    if ellipsis {
        out.push('…');
    }
    out
}

/// The SEO title: the headline when it fits, else the headline cut at a word.
pub fn seo_title(headline: &str) -> String {
    cut_at_word(headline, MAX_TITLE_CHARS, false)
}

/// A meta description of 120 to 156 characters from the article's opening sentences.
pub fn meta_description(sentences: &[String], keyphrase: &str) -> String {
    let mut text = String::new();
    for sentence in sentences {
        if text.chars().count() >= MIN_DESCRIPTION_CHARS {
            break;
        }
        // A sentence saying again what the description says (« Le plan a été présenté
        // mardi. Le plan de 120 millions a été présenté mardi. ») spends its room twice.
        if restates(sentence, &text) {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(sentence.trim());
    }
    if text.chars().count() < MIN_DESCRIPTION_CHARS && !keyphrase.is_empty() {
        text = format!("{} : {text}", capitalise(keyphrase));
    }
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        text = cut_at_word(&text, MAX_DESCRIPTION_CHARS, true);
    }
    text
}

/// Share of a sentence's content words, at least, that the description already says for
/// the sentence to add nothing to it.
const RESTATED_SHARE: f64 = 0.6;

/// Whether `text` already says most of `sentence`'s content words.
fn restates(sentence: &str, text: &str) -> bool {
    let said: std::collections::HashSet<String> = crate::text::content_words(text)
        .map(crate::text::word_key)
        .collect();
    let mine: Vec<String> = crate::text::content_words(sentence)
        .map(crate::text::word_key)
        .collect();
    let again = mine.iter().filter(|w| said.contains(*w)).count();
    !mine.is_empty() && again as f64 >= RESTATED_SHARE * mine.len() as f64
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The focus keyphrase first, then other key phrases and names, without repeats.
pub fn keywords(
    keyphrase: &str,
    phrases: &[String],
    entities: &[String],
    count: usize,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let key = |s: &str| fold_accents(&normalize(s));
    for candidate in std::iter::once(keyphrase.to_string())
        .chain(phrases.iter().cloned())
        .chain(entities.iter().cloned())
    {
        if candidate.is_empty() || out.iter().any(|o| key(o) == key(&candidate)) {
            continue;
        }
        out.push(candidate);
        if out.len() == count {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_hyphenated_and_folded() {
        assert_eq!(
            slug("Semi-conducteurs : les États-Unis et le Japon renforcent leur coopération"),
            "semi-conducteurs-etats-unis-japon-renforcent-cooperation"
        );
        assert_eq!(
            slug("Chaîne d’approvisionnement des puces"),
            "chaine-approvisionnement-puces"
        );
        assert!(slug(&"mot ".repeat(60)).len() <= MAX_SLUG_CHARS);
    }

    #[test]
    fn titles_are_cut_at_a_word_without_a_dangling_article() {
        let t = seo_title(
            "Semi-conducteurs : Washington et Tokyo renforcent leur coopération dans la recherche",
        );
        assert!(t.chars().count() <= MAX_TITLE_CHARS, "{t}");
        assert_eq!(t, "Semi-conducteurs : Washington et Tokyo renforcent");
        // Nor on a figure cut from its unit.
        let t = seo_title(
            "Vélo : la Métropole de Lyon a présenté mardi un plan de 120 millions d'euros",
        );
        assert_eq!(t, "Vélo : la Métropole de Lyon a présenté mardi un plan");
    }

    #[test]
    fn descriptions_fit_the_window() {
        let s = vec![
            "Les États-Unis et le Japon vont approfondir leur coopération dans la recherche sur les puces avancées.".to_string(),
            "Les deux alliés veulent aussi sécuriser leurs chaînes d'approvisionnement face à la Chine, selon une déclaration commune.".to_string(),
        ];
        let d = meta_description(&s, "puces");
        let n = d.chars().count();
        assert!(
            (MIN_DESCRIPTION_CHARS..=MAX_DESCRIPTION_CHARS).contains(&n),
            "{n}: {d}"
        );
        assert!(d.ends_with('…'));
        // A sentence that says again what the first said is passed over.
        let s = vec![
            "Le plan a été présenté mardi à la Métropole de Lyon.".to_string(),
            "Le plan de 120 millions d'euros a été présenté mardi.".to_string(),
            "Il prévoit la création de 250 kilomètres de pistes cyclables sécurisées dans l'agglomération.".to_string(),
        ];
        let d = meta_description(&s, "vélo");
        assert!(!d.contains("120") && d.contains("250"), "{d}");
    }

    #[test]
    fn keywords_start_with_the_keyphrase_and_do_not_repeat() {
        let k = keywords(
            "puces",
            &["Puces".into(), "Japon".into()],
            &["Japon".into(), "Tokyo".into()],
            5,
        );
        assert_eq!(k, vec!["puces", "Japon", "Tokyo"]);
    }
}
