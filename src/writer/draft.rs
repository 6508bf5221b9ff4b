//! The draft: the article as sentences in reading order (introduction, key facts, sections,
//! questions and answers), before paragraphs and metadata, and what it says once read.

use crate::document::Question;
use crate::text;

/// The article as sentences, before paragraphs and metadata: the introduction, then one
/// body per planned section.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Draft {
    pub(super) intro: Vec<String>,
    /// The key facts, one short sentence each (`Method::Rewrite`).
    pub(super) essentials: Vec<String>,
    pub(super) bodies: Vec<Vec<String>>,
    pub(super) faq: Vec<Question>,
}

impl Draft {
    /// Every sentence, in reading order.
    pub(super) fn sentences(&self) -> impl Iterator<Item = &String> {
        self.intro
            .iter()
            .chain(&self.essentials)
            .chain(self.bodies.iter().flatten())
            .chain(self.faq.iter().flat_map(|q| [&q.question, &q.answer]))
    }

    /// The draft as it is read, without the sentences that repeat the ones before them in
    /// reading order: the gate judged each against what was written before it, but the
    /// questions and answers are written first and read last. An answer that repeats takes
    /// its question with it. A key fact left alone joins the introduction.
    pub(super) fn without_repeats(&self) -> Draft {
        let mut earlier: Vec<String> = Vec::new();
        let mut fresh = |sentences: &[String]| -> bool {
            let comparable: Vec<&String> = sentences
                .iter()
                .filter(|s| text::content_words(s).count() >= 3)
                .collect();
            let new = comparable.iter().all(|s| !text::echoes(s, &earlier));
            if new {
                earlier.extend(comparable.into_iter().cloned());
            }
            new
        };
        let mut keep = |part: &[String]| -> Vec<String> {
            part.iter()
                .filter(|s| fresh(std::slice::from_ref(*s)))
                .cloned()
                .collect()
        };
        let mut intro = keep(&self.intro);
        let mut essentials = keep(&self.essentials);
        // One key fact is no list: it ends the introduction, which it follows in reading
        // order (procès seeds 2 and 3, stop 71, had « L'essentiel » of one item).
        if essentials.len() < super::extras::MIN_ESSENTIALS {
            intro.append(&mut essentials);
        }
        let bodies = self.bodies.iter().map(|b| keep(b)).collect();
        let faq = self
            .faq
            .iter()
            .filter(|q| fresh(&text::sentences(&q.answer)))
            .cloned()
            .collect();
        Draft {
            intro,
            essentials,
            bodies,
            faq,
        }
    }

    /// The opening sentences, which the meta description is made from.
    pub(super) fn opening(&self) -> Vec<String> {
        self.sentences().take(3).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_repeats_in_reading_order_is_left_out() {
        let s = |t: &str| t.to_string();
        let draft = Draft {
            intro: vec![s(
                "La Métropole de Lyon présente un plan pour les pistes cyclables.",
            )],
            essentials: vec![
                s("Le plan prévoit 250 kilomètres de pistes cyclables nouvelles."),
                s("Les premiers chantiers doivent commencer au printemps prochain."),
            ],
            bodies: vec![vec![
                s("La Ville à vélo estime que les travaux concernent les ponts sur le Rhône."),
                s("Les commerçants craignent la perte de places de stationnement."),
            ]],
            faq: vec![
                // Written first, read last: it says again what the section says.
                Question {
                    question: s("Que pense la Ville à vélo ?"),
                    answer: s("La Ville à vélo estime que les travaux concernent les ponts."),
                },
                Question {
                    question: s("Quand les travaux commencent-ils ?"),
                    answer: s("Les travaux sur les ponts du Rhône débuteront au printemps."),
                },
            ],
        };
        let read = draft.without_repeats();
        assert_eq!(read.intro, draft.intro);
        assert_eq!(read.essentials, draft.essentials);
        assert_eq!(read.bodies, draft.bodies);
        assert_eq!(read.faq, draft.faq[1..]);
    }

    #[test]
    fn a_key_fact_left_alone_ends_the_introduction() {
        let s = |t: &str| t.to_string();
        let draft = Draft {
            intro: vec![s(
                "La Métropole de Lyon présente un plan pour les pistes cyclables.",
            )],
            essentials: vec![
                // Says again what the introduction says: left out.
                s("La Métropole de Lyon présente un plan pour les pistes cyclables."),
                s("Le plan prévoit 250 kilomètres de pistes cyclables nouvelles."),
            ],
            bodies: vec![vec![s("Les commerçants craignent la perte de places.")]],
            faq: Vec::new(),
        };
        let read = draft.without_repeats();
        assert!(read.essentials.is_empty());
        assert_eq!(
            read.intro,
            [draft.intro[0].clone(), draft.essentials[1].clone()]
        );
    }
}
