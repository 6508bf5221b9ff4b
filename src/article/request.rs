//! The request line some inputs start with ("Make this article seo compatible, ... in french,
//! at least 700 words"): recognising it and reading what it asks for.

use crate::text::{fold_accents, normalize, words};

/// What a request line asks for; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleRequest {
    /// ISO 639-1 code of the language asked for.
    pub language: Option<String>,
    pub min_words: Option<usize>,
    pub min_sections: Option<usize>,
    /// The line as given.
    pub line: String,
}

const VERBS: &[&str] = &[
    "make",
    "write",
    "rewrite",
    "create",
    "generate",
    "produce",
    "turn",
    "optimize",
    "optimise",
    "convert",
    "please",
    "redige",
    "redigez",
    "rediger",
    "reecris",
    "reecrivez",
    "reecrire",
    "ecris",
    "ecrivez",
    "ecrire",
    "transforme",
    "transformez",
    "cree",
    "creez",
    "fais",
    "faites",
    "rends",
    "rendez",
    "optimisez",
    "genere",
    "generez",
    "merci",
    "veuillez",
    "peux",
    "pouvez",
];

const LANGUAGES: &[(&str, &str)] = &[
    ("french", "fr"),
    ("francais", "fr"),
    ("english", "en"),
    ("anglais", "en"),
    ("spanish", "es"),
    ("espagnol", "es"),
    ("german", "de"),
    ("allemand", "de"),
    ("italian", "it"),
    ("italien", "it"),
    ("portuguese", "pt"),
    ("portugais", "pt"),
];

const HEADINGS: &[&str] = &[
    "subheading",
    "subheadings",
    "sub-heading",
    "sub-headings",
    "subtitles",
    "subtitle",
    "headings",
    "heading",
    "sous-titre",
    "sous-titres",
    "intertitre",
    "intertitres",
    "sections",
    "h2",
    "parties",
];

const SMALL_NUMBERS: &[(&str, usize)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("sept", 7),
    ("huit", 8),
];

/// Reads `line` as a request, or `None` when it is article text.
pub fn parse_request_line(line: &str) -> Option<ArticleRequest> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 400 {
        return None;
    }
    let folded = fold_accents(&trimmed.to_lowercase());
    let tokens: Vec<String> = words(&folded).iter().map(|w| normalize(w)).collect();
    let has = |w: &str| tokens.iter().any(|t| t == w);
    let has_verb = tokens.iter().any(|t| VERBS.contains(&t.as_str()));
    let seo = has("seo") || folded.contains("referencement");
    let language = find_language(&tokens);
    let min_words = find_min_words(&tokens);
    let headings = tokens.iter().any(|t| HEADINGS.contains(&t.as_str()));
    let about_article = has("article") || has("text") || has("texte") || has("post");
    let signals = [
        seo,
        language.is_some(),
        min_words.is_some(),
        headings,
        about_article,
    ]
    .iter()
    .filter(|s| **s)
    .count();
    if !has_verb || signals < 2 || !(seo || min_words.is_some() || headings) {
        return None;
    }
    Some(ArticleRequest {
        language,
        min_words,
        min_sections: find_min_sections(&tokens),
        line: trimmed.to_string(),
    })
}

fn find_language(tokens: &[String]) -> Option<String> {
    tokens.iter().find_map(|t| {
        LANGUAGES
            .iter()
            .find(|(name, _)| t == name)
            .map(|(_, code)| code.to_string())
    })
}

fn number(token: &str) -> Option<usize> {
    let digits: String = token
        .chars()
        .filter(|c| !matches!(c, ',' | '.' | '\u{a0}' | ' '))
        .collect();
    digits.parse().ok().or_else(|| {
        SMALL_NUMBERS
            .iter()
            .find(|(w, _)| *w == token)
            .map(|(_, n)| *n)
    })
}

/// "700 words", "700-word", "1 000 mots", "at least 700 words".
fn find_min_words(tokens: &[String]) -> Option<usize> {
    for (i, t) in tokens.iter().enumerate() {
        let (head, unit) = match t.split_once('-') {
            Some((n, "word" | "words" | "mots" | "mot")) => (n.to_string(), true),
            _ => (
                t.clone(),
                tokens
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.as_str(), "words" | "word" | "mots" | "mot")),
            ),
        };
        if unit {
            // "1 000 mots": the thousands may be a separate token.
            let value = number(&head)?;
            let value = match i.checked_sub(1).and_then(|j| number(&tokens[j])) {
                Some(thousands)
                    if head.len() == 3
                        && thousands < 1000
                        && head.chars().all(|c| c.is_ascii_digit())
                        && thousands > 0 =>
                {
                    thousands * 1000 + value
                }
                _ => value,
            };
            return Some(value);
        }
    }
    None
}

/// "at least 4 subheadings", "trois intertitres".
fn find_min_sections(tokens: &[String]) -> Option<usize> {
    tokens
        .windows(2)
        .find_map(|w| match HEADINGS.contains(&w[1].as_str()) {
            true => number(&w[0]).filter(|n| (1..=20).contains(n)),
            false => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_request() {
        let r = parse_request_line("Make this article seo compatible, Let there be subheadings for the article, be in french, create at least 700 words").unwrap();
        assert_eq!(r.language.as_deref(), Some("fr"));
        assert_eq!(r.min_words, Some(700));
        assert_eq!(r.min_sections, None);
    }

    #[test]
    fn english_phrasings() {
        let r = parse_request_line(
            "Please rewrite this for SEO in French with 5 subheadings and 900 words.",
        )
        .unwrap();
        assert_eq!(
            (r.language.as_deref(), r.min_words, r.min_sections),
            (Some("fr"), Some(900), Some(5))
        );
        let r = parse_request_line("Write a 1,200-word SEO article in English").unwrap();
        assert_eq!(
            (r.language.as_deref(), r.min_words),
            (Some("en"), Some(1200))
        );
        let r = parse_request_line("Turn this into an SEO friendly post with three subheadings")
            .unwrap();
        assert_eq!(r.min_sections, Some(3));
    }

    #[test]
    fn french_phrasings() {
        let r = parse_request_line("Réécris cet article pour le référencement, en français, avec au moins 800 mots et quatre intertitres").unwrap();
        assert_eq!(
            (r.language.as_deref(), r.min_words, r.min_sections),
            (Some("fr"), Some(800), Some(4))
        );
        let r = parse_request_line("Rédigez un article SEO de 1 000 mots avec des sous-titres")
            .unwrap();
        assert_eq!(r.min_words, Some(1000));
        let r =
            parse_request_line("Merci de rendre ce texte compatible SEO, 3 sous-titres").unwrap();
        assert_eq!(r.min_sections, Some(3));
    }

    #[test]
    fn article_text_is_not_a_request() {
        for line in [
            "TOKYO (Reuters) – Les États-Unis et le Japon vont approfondir leur coopération dans la recherche.",
            "Le ministre a fait une déclaration de 700 mots sur l'article 49.3.",
            "© Reuters. FILE PHOTO: Nishimura Yasutoshi, ministre de l’Économie",
            "",
        ] {
            assert_eq!(parse_request_line(line), None, "{line}");
        }
    }
}
