//! Sentences grouped into paragraphs of a few sentences each.

use crate::text::word_count;

/// Sentences per paragraph, and the words a paragraph should not pass.
const PARAGRAPH_SENTENCES: usize = 3;
const PARAGRAPH_WORDS: usize = 110;

/// Groups sentences into paragraphs of a few sentences each.
pub fn paragraphs(sentences: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for sentence in sentences {
        let words_now = word_count(&current.join(" "));
        if !current.is_empty()
            && (current.len() >= PARAGRAPH_SENTENCES
                || words_now + word_count(sentence) > PARAGRAPH_WORDS)
        {
            out.push(current.join(" "));
            current.clear();
        }
        current.push(sentence);
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_hold_a_few_sentences() {
        let s: Vec<String> = (0..7).map(|i| format!("Phrase {i} du texte.")).collect();
        let p = paragraphs(&s);
        assert_eq!(p.len(), 3);
        assert_eq!(
            p[0],
            "Phrase 0 du texte. Phrase 1 du texte. Phrase 2 du texte."
        );
    }
}
