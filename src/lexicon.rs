//! French words: the Hunspell dictionary of Grammalecte (`dictionary-fr`, MPL-2.0, in
//! `src/lexicon/`), embedded and read by `spellbook`, to tell a French word from one that
//! exists in no language (« métropoli », « vélotours »).

use std::sync::OnceLock;

use spellbook::Dictionary;

use crate::text::{normalize, words};

fn dictionary() -> &'static Dictionary {
    static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        Dictionary::new(
            include_str!("lexicon/fr.aff"),
            include_str!("lexicon/fr.dic"),
        )
        .expect("the embedded French dictionary parses")
    })
}

/// Whether `word` is French as the dictionary knows it (a capitalised word also in lower
/// case, as at the start of a sentence).
pub fn is_french_word(word: &str) -> bool {
    let word = word.replace('’', "'");
    let d = dictionary();
    // Capitals often go without their accent (`l'Etat`), which the dictionary writes.
    let accented = word.replacen('E', "É", 1);
    d.check(&word) || d.check(&word.to_lowercase()) || d.check(&accented)
}

/// The words of `text` that are neither French nor written in `source` (folded to lower
/// case): names are left to the names check, which knows the source's; figures are not
/// words.
pub fn unknown_words<'t>(
    text: &'t str,
    source: &std::collections::HashSet<String>,
) -> Vec<&'t str> {
    let mut out: Vec<&str> = Vec::new();
    for (i, word) in words(text).into_iter().enumerate() {
        let name = i > 0 && word.chars().next().is_some_and(char::is_uppercase);
        if name
            || word.chars().any(|c| c.is_ascii_digit())
            || word.chars().count() < 2
            || source.contains(&normalize(word))
            || is_french_word(word)
            || out.contains(&word)
        {
            continue;
        }
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_no_language_are_found() {
        let source: std::collections::HashSet<String> =
            ["villeurbanne".to_string()].into_iter().collect();
        let text = "Les vélotours de la métropoli rejoignent l’agglomération, a-t-il dit à Villeurbanne aujourd'hui.";
        assert_eq!(unknown_words(text, &source), vec!["vélotours", "métropoli"]);
        assert!(is_french_word("Semi-conducteurs") && is_french_word("d'euros"));
        assert!(is_french_word("l'Etat") && is_french_word("Etat"));
        assert!(unknown_words("Villeurbanne attend 250 vélos.", &source).is_empty());
    }
}
