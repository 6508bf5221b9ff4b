//! One section of a finished article written again, the rest left as it is: what an editor
//! asks for when a section reads wrong. Its facts are the source sentences it draws on.

use std::collections::HashSet;

use anyhow::{bail, Result};

use super::{paragraphs, plan, Article, Event, Steer, WriteConfig, WriteReport, Writer};
use crate::article::SourceArticle;
use crate::engine::Engine;
use crate::grounding::stem_set;
use crate::text::{self, word_count};

/// Words a section written again is asked for beyond what it had (a shorter one would
/// shorten the article), and at least.
const MORE_WORDS: usize = 15;
const MIN_WORDS: usize = 40;

/// `article` with its section `index` (from 0) written again from `source`; the rest of the
/// article is taken as it was written, its program text disclosed then. When nothing the
/// model writes passes the gate, the section stays as it was, and the report says so.
pub fn rewrite_section(
    generator: &mut dyn Engine,
    source: &SourceArticle,
    article: &Article,
    index: usize,
    config: &WriteConfig,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(Article, WriteReport)> {
    let Some(section) = article.sections.get(index) else {
        bail!(
            "the article has {} sections: there is no section {}",
            article.sections.len(),
            index + 1
        );
    };
    let mut writer = Writer::new(generator, source, config, on_event)?;
    let facts = facts_of(&writer.facts.sentences, article, index);
    writer.stage(format!(
        "writing `{}` again from {} sentences of the source",
        section.heading,
        facts.len()
    ));
    let own: Vec<String> = section
        .paragraphs
        .iter()
        .flat_map(|p| text::sentences(p))
        .collect();
    // Repeats are judged against the whole article, which is the model's as given: the
    // section's own sentences too, so that it is written again, not given back the same
    // (the same fact drawn the same way is refused as a repeat, and the warning below says
    // when nothing else passed).
    let rest = sentences_of(article);
    writer.kept = rest.clone();
    writer.by_model.extend(rest);
    writer.by_model.insert(article.title.clone());
    writer
        .by_model
        .extend(article.sections.iter().map(|s| s.heading.clone()));
    let target = (word_count(&own.join(" ")) + MORE_WORDS).max(MIN_WORDS);
    let sentences = writer.write_section(
        &article.title,
        Some(&section.heading),
        &facts,
        Vec::new(),
        target,
        &Steer::default(),
    )?;
    let mut rewritten = article.clone();
    match sentences.is_empty() {
        true => {
            let warning = format!(
                "no sentence written for `{}` passed the gate: the section is as it was",
                section.heading
            );
            writer.stage(format!("warning: {warning}"));
            writer.report.warnings.push(warning);
        }
        false => rewritten.sections[index].paragraphs = paragraphs(&sentences),
    }
    let check = writer.check(&rewritten);
    writer.report.check = Some(check);
    let generated = writer.report.stats.generated_tokens;
    writer.report.spent.settle(generated);
    writer.report.program_text = writer.program_text(&rewritten);
    Ok((rewritten, writer.report))
}

/// Every sentence of the article's prose, list items and answers, and its questions.
fn sentences_of(article: &Article) -> Vec<String> {
    let prose = article
        .intro
        .iter()
        .chain(&article.essentials)
        .chain(article.sections.iter().flat_map(|s| &s.paragraphs))
        .chain(article.faq.iter().map(|q| &q.answer));
    prose
        .flat_map(|p| text::sentences(p))
        .chain(article.faq.iter().map(|q| q.question.clone()))
        .collect()
}

/// The source `sentences` that section `index` draws on: each goes to the section whose
/// heading and prose share the most of its content stems (to none when it shares none).
/// A section that takes none, as one whose every sentence the gate refused, gets the run of
/// sentences the plan would give it.
pub(super) fn facts_of(sentences: &[String], article: &Article, index: usize) -> Vec<String> {
    let stems = stem_set;
    let sections: Vec<HashSet<String>> = article
        .sections
        .iter()
        .map(|s| stems(&format!("{} {}", s.heading, s.paragraphs.join(" "))))
        .collect();
    let mine: Vec<String> = sentences
        .iter()
        .filter(|sentence| {
            let said = stems(sentence);
            let shared: Vec<usize> = sections
                .iter()
                .map(|s| s.intersection(&said).count())
                .collect();
            let best = shared.iter().copied().max().unwrap_or(0);
            // The first section sharing the most takes a sentence two share alike.
            best > 0 && shared.iter().position(|&n| n == best) == Some(index)
        })
        .cloned()
        .collect();
    match mine.is_empty() {
        true => plan::partition(sentences, article.sections.len())
            .into_iter()
            .nth(index)
            .unwrap_or_default(),
        false => mine,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Section;

    #[test]
    fn a_section_draws_on_the_sentences_it_says() {
        let sentences: Vec<String> = [
            "Le Stade toulousain s'est qualifié samedi pour la finale.",
            "Le buteur Thomas Ramos a réussi cinq pénalités sur six tentatives.",
            "Les billets mis en vente lundi devraient s'écouler en quelques heures.",
        ]
        .map(String::from)
        .to_vec();
        let section = |heading: &str, text: &str| Section {
            heading: heading.to_string(),
            paragraphs: match text {
                "" => Vec::new(),
                _ => vec![text.to_string()],
            },
        };
        let article = Article {
            sections: vec![
                section(
                    "La qualification",
                    "Toulouse s'est qualifié pour la finale.",
                ),
                section("Thomas Ramos", "Le buteur a réussi cinq pénalités."),
                section("Les billets", ""),
            ],
            ..Article::default()
        };
        assert_eq!(facts_of(&sentences, &article, 0), sentences[..1]);
        assert_eq!(facts_of(&sentences, &article, 1), sentences[1..2]);
        // Its heading says « billets »: the third sentence is its own.
        assert_eq!(facts_of(&sentences, &article, 2), sentences[2..]);
        let bare = Article {
            sections: vec![section("Un", ""), section("Deux", ""), section("Trois", "")],
            ..Article::default()
        };
        // Nothing shared: the plan's runs.
        assert_eq!(facts_of(&sentences, &bare, 1), sentences[1..2]);
    }
}
