//! Writing the article: plan from the source's facts, then each section sentence by sentence
//! through the gate, regenerating until the word targets are met. It knows nothing of how
//! the model runs (that is the `Generator`) nor of how the article is rendered.

pub mod filter;
pub mod plan;

use std::collections::BTreeMap;

use anyhow::Result;

use crate::article::{Facts, SourceArticle};
use crate::generate::{Flow, GenerationConfig, GenerationStats, Generator};
use crate::prompt::{self, SectionContext};
use crate::sampling::SamplingConfig;
use crate::seo;
use crate::text::{self, word_count};
use plan::{ArticlePlan, SectionPlan};

/// Verbatim copies of the source longer than this many tokens are prevented while sampling.
const COPY_GUARD_TOKENS: usize = 7;
/// Tokens one attempt may generate before it is judged.
const ATTEMPT_TOKENS: usize = 160;
/// Sentences per paragraph, and the words a paragraph should not pass.
const PARAGRAPH_SENTENCES: usize = 3;
const PARAGRAPH_WORDS: usize = 110;

#[derive(Debug, Clone)]
pub struct WriteConfig {
    pub min_words: usize,
    pub min_sections: usize,
    pub sampling: SamplingConfig,
    /// Attempts a section gets to reach its word target, each from a fresh seed.
    pub attempts_per_section: usize,
}

impl Default for WriteConfig {
    fn default() -> Self {
        Self {
            min_words: 700,
            min_sections: 3,
            sampling: SamplingConfig::default(),
            attempts_per_section: 24,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// The written article, with the metadata the program derives.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub title: String,
    pub seo_title: String,
    pub description: String,
    pub slug: String,
    pub keyphrase: String,
    pub keywords: Vec<String>,
    pub intro: Vec<String>,
    pub sections: Vec<Section>,
}

impl Article {
    pub fn body_word_count(&self) -> usize {
        self.intro
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.paragraphs.iter()))
            .map(|p| word_count(p))
            .sum()
    }
}

/// What happened while writing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteReport {
    pub stats: GenerationStats,
    pub attempts: usize,
    pub kept_sentences: usize,
    /// Dropped sentences by reason.
    pub rejected: BTreeMap<String, usize>,
}

/// Progress the writer reports as it goes.
pub enum Event<'a> {
    Stage(String),
    /// Raw model text, as it is generated.
    Text(&'a str),
}

struct Writer<'g, 'e> {
    generator: &'g mut Generator,
    facts: Facts,
    config: WriteConfig,
    copy_reference: Vec<u32>,
    report: WriteReport,
    on_event: &'e mut dyn FnMut(Event<'_>),
    /// Every kept sentence of the article, to refuse repeats across sections.
    kept: Vec<String>,
}

/// Writes a French article from `source`.
pub fn write_article(
    generator: &mut Generator,
    source: &SourceArticle,
    config: &WriteConfig,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(Article, WriteReport)> {
    let facts = Facts::from_sentences(source.sentences());
    let copy_reference = generator.tokenizer().encode_plain(&source.text())?;
    let mut writer = Writer {
        generator,
        facts,
        config: config.clone(),
        copy_reference,
        report: WriteReport::default(),
        on_event,
        kept: Vec::new(),
    };
    let plan = writer.plan()?;
    let article = writer.write(&plan)?;
    Ok((article, writer.report))
}

impl Writer<'_, '_> {
    fn stage(&mut self, message: String) {
        (self.on_event)(Event::Stage(message));
    }

    fn sampling(&mut self) -> SamplingConfig {
        let seed = self
            .config
            .sampling
            .seed
            .wrapping_add(self.report.attempts as u64 * 7919);
        self.report.attempts += 1;
        SamplingConfig {
            seed,
            ..self.config.sampling.clone()
        }
    }

    /// One short line from a few-shot prompt: greedy first, then sampled retries.
    fn propose_line(&mut self, prompt: &str, tries: usize) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for attempt in 0..tries {
            let sampling = match attempt {
                0 => SamplingConfig::greedy(),
                _ => self.sampling(),
            };
            let config = GenerationConfig::new(32, sampling);
            let generation =
                self.generator
                    .run(prompt, &config, |piece| match piece.contains('\n') {
                        true => Flow::Halt,
                        false => Flow::Continue,
                    })?;
            self.report.stats.accumulate(&generation.stats);
            out.push(plan::clean_heading(&generation.text));
        }
        Ok(out)
    }

    fn plan(&mut self) -> Result<ArticlePlan> {
        let sentences = self.facts.sentences.clone();
        let count = plan::section_count(
            self.config.min_sections,
            self.config.min_words,
            sentences.len(),
        );
        let groups = plan::partition(&sentences, count);
        self.stage(format!(
            "planning {count} sections; focus keyphrase `{}`",
            self.facts.keyphrase
        ));

        let lead: Vec<String> = sentences.iter().take(2).cloned().collect();
        let mut title = None;
        for candidate in self.propose_line(&prompt::headline(&lead.join(" ")), 3)? {
            if plan::acceptable_heading(&candidate, &self.facts, &[], 14) {
                title = Some(candidate);
                break;
            }
        }
        let title = title.unwrap_or_else(|| {
            let first = sentences.first().map(String::as_str).unwrap_or("");
            let clause =
                seo::cut_at_word(first.split([',', ';']).next().unwrap_or(first), 62, false);
            format!(
                "{} : {}",
                seo::capitalise(&self.facts.keyphrase),
                lowercase_article(&clause)
            )
        });

        let mut headings: Vec<String> = vec![title.clone()];
        let mut sections = Vec::new();
        for group in groups {
            let text: String = seo::cut_at_word(&group.join(" "), 600, false);
            let mut heading = None;
            for candidate in self.propose_line(&prompt::subheading(&text), 3)? {
                if plan::acceptable_heading(&candidate, &self.facts, &headings, 9) {
                    heading = Some(candidate);
                    break;
                }
            }
            let heading =
                heading.unwrap_or_else(|| plan::fallback_heading(&group, &self.facts, &headings));
            headings.push(heading.clone());
            sections.push(SectionPlan {
                heading,
                facts: group,
            });
        }
        Ok(ArticlePlan {
            title,
            intro_facts: lead,
            sections,
        })
    }

    fn write(&mut self, plan: &ArticlePlan) -> Result<Article> {
        let target = self.config.min_words + self.config.min_words / 10;
        let intro_target = (target / 8).clamp(40, 120);
        let section_target = (target - intro_target).div_ceil(plan.sections.len().max(1));

        self.stage("writing the introduction".to_string());
        let mut intro = self.write_section(
            &plan.title,
            None,
            &plan.intro_facts,
            Vec::new(),
            intro_target,
        )?;
        let mut bodies = Vec::new();
        for (i, section) in plan.sections.iter().enumerate() {
            self.stage(format!(
                "writing section {}/{}: {}",
                i + 1,
                plan.sections.len(),
                section.heading
            ));
            bodies.push(self.write_section(
                &plan.title,
                Some(&section.heading),
                &section.facts,
                Vec::new(),
                section_target,
            )?);
        }
        // Short of the minimum: extend the shortest sections, a round at a time.
        let mut rounds = 0;
        while total_words(&intro, &bodies) < self.config.min_words
            && rounds < plan.sections.len() * 2
        {
            let shortest = (0..bodies.len())
                .min_by_key(|&i| word_count(&bodies[i].join(" ")))
                .unwrap_or(0);
            let section = &plan.sections[shortest];
            let missing = self.config.min_words - total_words(&intro, &bodies);
            let have = word_count(&bodies[shortest].join(" "));
            self.stage(format!(
                "extending `{}` by {missing} words",
                section.heading
            ));
            let written = std::mem::take(&mut bodies[shortest]);
            bodies[shortest] = self.write_section(
                &plan.title,
                Some(&section.heading),
                &section.facts,
                written,
                have + missing + 20,
            )?;
            rounds += 1;
        }
        if intro.is_empty() {
            intro = bodies
                .first()
                .map(|b| b.iter().take(1).cloned().collect())
                .unwrap_or_default();
        }

        let first_sentences: Vec<String> = intro
            .iter()
            .chain(bodies.iter().flatten())
            .take(3)
            .cloned()
            .collect();
        let article = Article {
            seo_title: seo::seo_title(&plan.title),
            description: seo::meta_description(&first_sentences, &self.facts.keyphrase),
            slug: seo::slug(&plan.title),
            keyphrase: self.facts.keyphrase.clone(),
            keywords: seo::keywords(
                &self.facts.keyphrase,
                &self.facts.keywords,
                &self.facts.entities,
                8,
            ),
            title: plan.title.clone(),
            intro: paragraphs(&intro),
            sections: plan
                .sections
                .iter()
                .zip(&bodies)
                .map(|(s, body)| Section {
                    heading: s.heading.clone(),
                    paragraphs: paragraphs(body),
                })
                .collect(),
        };
        Ok(article)
    }

    /// Sentences for one section, continuing `written`, until `target` words.
    fn write_section(
        &mut self,
        title: &str,
        heading: Option<&str>,
        facts: &[String],
        mut written: Vec<String>,
        target: usize,
    ) -> Result<Vec<String>> {
        let mut attempts = 0;
        while word_count(&written.join(" ")) < target && attempts < self.config.attempts_per_section
        {
            attempts += 1;
            let prompt = prompt::section(&SectionContext {
                title,
                heading,
                facts,
                written: &written,
            });
            let mut config = GenerationConfig::new(ATTEMPT_TOKENS, self.sampling());
            config.copy_reference = self.copy_reference.clone();
            config.copy_guard_tokens = COPY_GUARD_TOKENS;

            // Sentences kept in this attempt go straight into `self.kept`, so that every
            // judgement sees all that the article already says.
            let start = self.kept.len();
            let written_words = word_count(&written.join(" "));
            let mut new_words = 0;
            let mut buffer = String::new();
            let mut rejections = Vec::new();
            let facts = &self.facts;
            let kept = &mut self.kept;
            let on_event = &mut self.on_event;
            let generation = self.generator.run(&prompt, &config, |piece| {
                on_event(Event::Text(piece));
                buffer.push_str(piece);
                if buffer.contains('#') || buffer.contains("\n\n\n") {
                    return Flow::Halt;
                }
                // Judge each sentence as soon as the next one has begun.
                loop {
                    let sentences = text::sentences(&buffer.replace('\n', " "));
                    if sentences.len() < 2 {
                        return Flow::Continue;
                    }
                    if let Err(reason) = filter::judge(&sentences[0], facts, kept) {
                        rejections.push(reason);
                        return Flow::Halt;
                    }
                    new_words += word_count(&sentences[0]);
                    kept.push(sentences[0].clone());
                    buffer = sentences[1..].join(" ");
                    if written_words + new_words >= target {
                        return Flow::Halt;
                    }
                }
            })?;
            self.report.stats.accumulate(&generation.stats);
            // The text ended by the model or the token limit: judge its last sentence too.
            let last = buffer.replace('\n', " ");
            let last = last.trim();
            if rejections.is_empty()
                && (generation.ended || generation.stats.generated_tokens >= ATTEMPT_TOKENS)
                && !buffer.contains('#')
                && !last.is_empty()
            {
                match filter::judge(last, &self.facts, &self.kept) {
                    Ok(()) => self.kept.push(last.to_string()),
                    Err(reason) => rejections.push(reason),
                }
            }
            for reason in rejections {
                *self
                    .report
                    .rejected
                    .entry(reason.category().to_string())
                    .or_default() += 1;
            }
            self.report.kept_sentences += self.kept.len() - start;
            written.extend_from_slice(&self.kept[start..]);
        }
        Ok(written)
    }
}

/// `Les États-Unis` -> `les États-Unis`: after a colon French takes no capital, names aside.
fn lowercase_article(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or("");
    match crate::article::facts::STOPWORDS.contains(&crate::text::normalize(first).as_str()) {
        true => format!("{}{}", first.to_lowercase(), &text[first.len()..]),
        false => text.to_string(),
    }
}

fn total_words(intro: &[String], bodies: &[Vec<String>]) -> usize {
    word_count(&intro.join(" "))
        + bodies
            .iter()
            .map(|b| word_count(&b.join(" ")))
            .sum::<usize>()
}

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
