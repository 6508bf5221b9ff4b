//! The text the program, not the model, wrote into an article: found by comparing the
//! article with every sentence and heading the model wrote, and disclosed to the user.

use super::{Article, Writer};
use crate::seo;
use crate::text::{self, word_count};

/// What the program, not the model, wrote into the article: disclosed to the user, since a
/// check passed by the program's own words says nothing of the model's.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ProgramText {
    /// Body words (paragraphs, list items, answers) the program wrote.
    pub body_words: usize,
    /// The body words of the article, for the share.
    pub of_body_words: usize,
    /// Each piece, described: a heading of the program's, a prefix it added, a sentence.
    pub pieces: Vec<String>,
}

impl ProgramText {
    pub fn share(&self) -> f64 {
        self.body_words as f64 / self.of_body_words.max(1) as f64
    }
}

impl Writer<'_, '_> {
    /// The headings and body sentences of `article` that the model did not write.
    pub(super) fn program_text(&self, article: &Article) -> ProgramText {
        let mut out = ProgramText {
            of_body_words: article.body_word_count(),
            ..ProgramText::default()
        };
        let model_texts = longest_first(&self.by_model);
        for part in article.parts() {
            match part.kind {
                crate::document::BlockKind::Heading(_) => {
                    if self.by_model.contains(part.text) {
                        continue;
                    }
                    match part.text.split_once(" : ") {
                        Some((prefix, rest))
                            if self.by_model.contains(rest)
                                || self.by_model.contains(&seo::capitalise(rest)) =>
                        {
                            out.pieces
                                .push(format!("« {prefix} : » before the heading « {rest} »"))
                        }
                        _ => out.pieces.push(format!("heading « {} »", part.text)),
                    }
                }
                // Not body text: disclosed, not counted.
                crate::document::BlockKind::Credit => out.pieces.push(format!(
                    "credit « {} {} »",
                    crate::document::CREDIT_LABEL,
                    part.text
                )),
                crate::document::BlockKind::Paragraph => {
                    for sentence in not_by_model(part.text, &model_texts) {
                        out.body_words += word_count(&sentence);
                        out.pieces.push(format!("sentence « {sentence} »"));
                    }
                }
            }
        }
        out
    }
}

/// The model's texts, the longest first, in the same order every run: a heading of the
/// model's (« Stade toulousain ») taken out of a sentence of its own would leave that sentence
/// in pieces found nowhere, and a set's order changes from run to run.
fn longest_first(by_model: &std::collections::HashSet<String>) -> Vec<&String> {
    let mut texts: Vec<&String> = by_model.iter().collect();
    texts.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    texts
}

/// The sentences of `paragraph` that are not among `by_model`, the model's (`longest_first`).
/// The model's sentences are taken out of the text first, then what is left is split: split
/// alone, the paragraph's sentences may not fall where the model's did (« … à l'hôpital du
/// L'A. Le budget … » reads as one sentence, an initial inside it).
fn not_by_model(paragraph: &str, by_model: &[&String]) -> Vec<String> {
    let mut rest = paragraph.to_string();
    for sentence in by_model {
        if rest.contains(sentence.as_str()) {
            rest = rest.replacen(sentence.as_str(), "\n", 1);
        }
    }
    rest.lines()
        .flat_map(text::sentences)
        .filter(|s| word_count(s) > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_models_sentences_are_found_however_the_paragraph_splits() {
        let by_model: std::collections::HashSet<String> = [
            "Le reste vient de l'hôpital du L'A.",
            "Le budget a été tenu malgré la hausse des prix.",
        ]
        .map(String::from)
        .into();
        let paragraph =
            "Le reste vient de l'hôpital du L'A. Le budget a été tenu malgré la hausse des prix.";
        assert_eq!(
            not_by_model(paragraph, &longest_first(&by_model)),
            Vec::<String>::new()
        );
        let with_ours = format!("{paragraph} Le programme a écrit cette phrase.");
        assert_eq!(
            not_by_model(&with_ours, &longest_first(&by_model)),
            vec!["Le programme a écrit cette phrase.".to_string()]
        );
        // A heading of the model's inside one of its sentences: the sentence is still its own,
        // whatever order the set gives (CI once counted « Le » and the rest as the program's).
        for _ in 0..20 {
            let by_model: std::collections::HashSet<String> =
                ["Stade toulousain", "Le Stade toulousain a gagné samedi."]
                    .map(String::from)
                    .into();
            let paragraph = "Le Stade toulousain a gagné samedi.";
            assert_eq!(
                not_by_model(paragraph, &longest_first(&by_model)),
                Vec::<String>::new()
            );
        }
    }
}
