//! Writing the article: plan from the source's facts, then each section sentence by sentence
//! through the gate, regenerating until the word targets are met. It knows nothing of how
//! the model runs (that is the `Generator`) nor of how the article is rendered.

mod candidate;
mod clauses;
pub mod condense;
mod config;
mod draft;
mod extras;
pub mod filter;
mod likelihood;
mod media;
mod metadata;
mod notes;
mod paragraphs;
pub mod plan;
mod program_text;
mod repair;
mod report;
mod rewrite;
mod section;
pub use config::{check_language, Method, WriteConfig, DEFAULT_MIN_LOGPROB, DEFAULT_RETRACTIONS};
pub use report::{Event, WriteReport};
pub use rewrite::CandidateTrace;
pub use section::rewrite_section;
pub mod spending;
mod steer;

use anyhow::Result;

use crate::article::{Facts, SourceArticle};
pub use crate::document::{Article, Question, Section};
use crate::engine::Engine;
use crate::engine::{Flow, GenerationConfig};
use crate::prompt::PromptStyle;
use crate::sampling::SamplingConfig;
use crate::seo::{self, CheckConfig, Document, SeoReport};
use crate::text::{self, word_count};
use draft::Draft;
pub use media::{ImageRequest, Media};
pub use paragraphs::paragraphs;
use plan::{ArticlePlan, SectionPlan};
pub use program_text::ProgramText;
use steer::Steer;

/// Verbatim copies of the source longer than this many tokens are prevented while sampling.
const COPY_GUARD_TOKENS: usize = 7;

/// Extension rounds a section may have, on average, while the article is short: four, as
/// the stricter gate of the doomed repeats, capitals and years keeps fewer words a round
/// (the velo article of seed 1 ended its twelfth round, three a section, at 643 words).
const EXTENSION_ROUNDS: usize = 4;

struct Writer<'g, 'e> {
    generator: &'g mut dyn Engine,
    /// Continuation prompts for a base model, chat prompts for an instruction-tuned one.
    prompts: PromptStyle,
    facts: Facts,
    config: WriteConfig,
    copy_reference: Vec<u32>,
    /// The names and figures the rewrite may write, token by token: the source's.
    words: std::sync::Arc<crate::sampling::WordGuard>,
    report: WriteReport,
    on_event: &'e mut dyn FnMut(Event<'_>),
    /// Every kept sentence of the article, to refuse repeats across sections.
    kept: Vec<String>,
    /// Every sentence and heading the model wrote and the gate or the plan took, to tell
    /// the program's own text from it.
    by_model: std::collections::HashSet<String>,
    /// The dead ends the candidates of each prompt marked, for the article's later runs of
    /// that prompt (`WriteConfig::dead_ends`).
    dead_ends: std::collections::HashMap<String, std::sync::Arc<crate::engine::DeadEnds>>,
    /// How many times each fact, in each shape, was asked for and none of its candidates
    /// passed (see `rewrite::GIVE_UP_AFTER`).
    failed: std::collections::HashMap<(&'static str, String), usize>,
    /// The sentences each source sentence was said in, in prose: while they stand in the
    /// article, the fact is not asked for in prose again (see `rewrite::Writer::said`).
    said: std::collections::HashMap<String, Vec<String>>,
    /// The kept sentences read before the part being written, which it may say again with
    /// more: « L'essentiel »'s gists, for the sections after it (the body tells in full
    /// what the list gives in short).
    read_before: Vec<String>,
    /// The facts asked for in short (a gist), in any part.
    gisted: std::collections::HashSet<String>,
}

/// Writes a French article from `source`.
pub fn write_article(
    generator: &mut dyn Engine,
    source: &SourceArticle,
    config: &WriteConfig,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(Article, WriteReport)> {
    let mut writer = Writer::new(generator, source, config, on_event)?;
    let plan = writer.plan()?;
    let draft = writer.write(&plan)?;
    let article = writer.assemble(&plan, &draft);
    let check = writer.check(&article);
    writer.report.draft_check = Some(check.clone());
    let (mut article, mut check) = match config.repair {
        true => writer.repair(&plan, draft, article, check)?,
        false => (article, check),
    };
    // A section whose every sentence the gate refused, or that only repeated what is read
    // before it, is a heading over nothing: it goes, and the article is checked as it reads,
    // even when that leaves fewer subheadings than asked (an empty heading is padding; the
    // shortfall is said, as a short body is).
    let before = article.sections.len();
    article.sections.retain(|s| !s.paragraphs.is_empty());
    let renamed = writer.rename_headings(&mut article);
    if article.sections.len() < before || renamed {
        // The subheadings that held the keyphrase may have gone with their sections.
        if config.repair {
            let fixes = metadata::fix_subheadings(&mut article);
            writer.report.repairs.extend(fixes);
        }
        check = writer.check(&article);
        let headings = Document::from(&article).headings(2).count();
        if headings < config.min_sections {
            writer.stage(format!(
                "warning: {} sections had no sentence the gate kept and went: {headings} \
                 subheadings are left, fewer than the {} asked for",
                before - article.sections.len(),
                config.min_sections
            ));
        }
    }
    writer.report.check = Some(check);
    let generated = writer.report.stats.generated_tokens;
    writer.report.spent.settle(generated);
    writer.report.program_text = writer.program_text(&article);
    Ok((article, writer.report))
}

impl<'g, 'e> Writer<'g, 'e> {
    /// Gives a section whose heading names what its text never says a heading of the
    /// program's own, from its text (see `plan::unsaid_name`); says so among the repairs.
    /// Whether it changed one.
    fn rename_headings(&mut self, article: &mut Article) -> bool {
        let mut renamed = false;
        for i in 0..article.sections.len() {
            let body = article.sections[i].paragraphs.join(" ");
            let heading = article.sections[i].heading.clone();
            let Some(name) = plan::unsaid_name(&heading, &body, &self.facts) else {
                continue;
            };
            let others: Vec<String> = std::iter::once(article.title.clone())
                .chain(article.sections.iter().map(|s| s.heading.clone()))
                .filter(|h| *h != heading)
                .collect();
            let new = plan::heading_of(&text::sentences(&body), &others);
            self.report.repairs.push(format!(
                "heading « {heading} » named {name}, which its section does not say: « {new} »"
            ));
            article.sections[i].heading = new;
            renamed = true;
        }
        renamed
    }

    /// A writer of `source`'s facts (condensed to the model's context, with the keyphrase
    /// asked for), its guards set from them.
    fn new(
        generator: &'g mut dyn Engine,
        source: &SourceArticle,
        config: &WriteConfig,
        on_event: &'e mut dyn FnMut(Event<'_>),
    ) -> Result<Self> {
        let context = generator.context_size();
        let budget = (context as f64 * condense::SOURCE_SHARE) as usize;
        let counter = &*generator;
        let condensed = condense::condense(source.sentences(), budget, context, &|s| {
            counter.count_tokens(s)
        })?;
        let mut facts = Facts::from_sentences(condensed.sentences);
        if let Some(keyphrase) = config.keyphrase.as_deref().map(str::trim) {
            if !keyphrase.is_empty() {
                facts
                    .keywords
                    .retain(|k| !k.eq_ignore_ascii_case(keyphrase));
                facts.keyphrase = keyphrase.to_string();
            }
        }
        let words = std::sync::Arc::new(rewrite::word_guard(&facts));
        // The source's quotations may be quoted word for word: the guard does not read them.
        let copy_reference =
            generator.copy_reference(&crate::grounding::unquoted(&source.text()))?;
        let prompts = PromptStyle::new(generator.chat());
        let mut writer = Writer {
            prompts,
            generator,
            facts,
            config: config.clone(),
            copy_reference,
            words,
            report: WriteReport::default(),
            on_event,
            kept: Vec::new(),
            by_model: Default::default(),
            dead_ends: Default::default(),
            failed: Default::default(),
            said: Default::default(),
            read_before: Vec::new(),
            gisted: Default::default(),
        };
        if let Some(note) = condensed.note {
            let warning = format!("`{}`: {note}", source.origin);
            writer.stage(format!("warning: {warning}"));
            writer.report.warnings.push(warning);
        }
        Ok(writer)
    }
}

impl Writer<'_, '_> {
    fn stage(&mut self, message: String) {
        (self.on_event)(Event::Stage(message));
    }

    /// Says how much of the draft's work is done: `done` of `total` source sentences asked
    /// about (`Event::Work`).
    fn work(&mut self, done: usize, total: usize) {
        (self.on_event)(Event::Work { done, total });
    }

    /// Says how many words the gate has kept, after sentences were kept, while drafting.
    fn words_kept(&mut self) {
        // The repair rewrites sections of a finished draft: words kept then say nothing of
        // how far the article is.
        if self.report.draft_check.is_some() {
            return;
        }
        let kept = self.kept.iter().map(|s| word_count(s)).sum();
        let target = self.config.min_words;
        (self.on_event)(Event::Words { kept, target });
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

    /// One short line from a few-shot prompt that `accept` takes: greedy first, then
    /// sampled retries, up to `tries` lines in all; none is written past the first taken.
    fn propose_line(
        &mut self,
        prompt: &str,
        tries: usize,
        accept: impl Fn(&str) -> bool,
    ) -> Result<Option<String>> {
        for attempt in 0..tries {
            let sampling = match attempt {
                0 => SamplingConfig::greedy(),
                _ => self.sampling(),
            };
            let mut config = GenerationConfig::new(32, sampling);
            config.latin_only = true;
            // One line: stop at the first line break after some text (a chat model may
            // open its answer with a blank line).
            let mut line = String::new();
            let generation = self.generator.run(prompt, &config, &mut |piece| {
                line.push_str(piece);
                match line.trim_start().contains('\n') {
                    true => Flow::Halt,
                    false => Flow::Continue,
                }
            })?;
            self.report.stats.accumulate(&generation.stats);
            let candidate = plan::clean_heading(&generation.text);
            if accept(&candidate) {
                self.by_model.insert(candidate.clone());
                return Ok(Some(candidate));
            }
        }
        Ok(None)
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
        let facts = self.facts.clone();
        let title = self
            .propose_line(&self.prompts.headline(&lead.join(" "))?, 5, |line| {
                plan::acceptable_heading(line, &facts, &[], 14)
            })?
            .unwrap_or_else(|| plan::fallback_title(&self.facts));

        let mut headings: Vec<String> = vec![title.clone()];
        let mut sections = Vec::new();
        for group in groups {
            let text: String = seo::cut_at_word(&group.join(" "), 600, false);
            let heading = self
                .propose_line(&self.prompts.subheading(&text)?, 3, |line| {
                    plan::acceptable_heading(line, &facts, &headings, 9)
                })?
                .unwrap_or_else(|| plan::fallback_heading(&group, &self.facts, &headings));
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

    fn write(&mut self, plan: &ArticlePlan) -> Result<Draft> {
        let (essentials_work, faq_work) = match self.config.method {
            Method::Rewrite => {
                extras::parts_work(self.config.min_words, self.facts.sentences.len())
            }
            Method::Notes => (0, 0),
        };
        let mut done = 0;
        let mut total = essentials_work
            + faq_work
            + plan.intro_facts.len()
            + plan.sections.iter().map(|s| s.facts.len()).sum::<usize>();
        self.work(done, total);
        let (essentials, faq) = match self.config.method {
            Method::Rewrite => {
                self.stage("writing « L'essentiel »".to_string());
                let (essentials, listed) = self.write_essentials()?;
                done += essentials_work;
                self.work(done, total);
                self.stage("writing the questions and answers".to_string());
                let faq = self.write_faq(&listed)?;
                done += faq_work;
                self.work(done, total);
                (essentials, faq)
            }
            Method::Notes => (Vec::new(), Vec::new()),
        };
        let extra_words = word_count(&essentials.join(" "))
            + faq.iter().map(|q| word_count(&q.answer)).sum::<usize>();
        let target =
            (self.config.min_words + self.config.min_words / 10).saturating_sub(extra_words);
        let intro_target = (target / 8).clamp(40, 120);
        let section_target = target
            .saturating_sub(intro_target)
            .div_ceil(plan.sections.len().max(1));

        self.stage("writing the introduction".to_string());
        let mut intro = self.write_section(
            &plan.title,
            None,
            &plan.intro_facts,
            Vec::new(),
            intro_target,
            &Steer::default(),
        )?;
        done += plan.intro_facts.len();
        self.work(done, total);
        self.read_before = essentials.clone();
        let mut bodies = Vec::new();
        for (i, section) in plan.sections.iter().enumerate() {
            (self.on_event)(Event::Section {
                number: i + 1,
                count: plan.sections.len(),
            });
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
                &Steer::default(),
            )?);
            done += section.facts.len();
            self.work(done, total);
        }
        // Short of the minimum: extend the shortest sections, a round at a time
        // (`EXTENSION_ROUNDS` a section at most, all told). A section that a round did not
        // lengthen has said what its facts allow, and is not tried again.
        let mut rounds = 0;
        let mut spent = vec![false; bodies.len()];
        // Words as the article will read and be counted: what repeats in reading order is
        // left out, and the body is counted as the check counts it.
        let read = |writer: &Self, intro: &[String], bodies: &[Vec<String>]| {
            let draft = Draft {
                intro: intro.to_vec(),
                essentials: essentials.clone(),
                bodies: bodies.to_vec(),
                faq: faq.clone(),
            };
            writer.assemble(plan, &draft).body_word_count()
        };
        while read(self, &intro, &bodies) < self.config.min_words
            && rounds < plan.sections.len() * EXTENSION_ROUNDS
        {
            let Some(shortest) = (0..bodies.len())
                .filter(|&i| !spent[i])
                .min_by_key(|&i| word_count(&bodies[i].join(" ")))
            else {
                break;
            };
            let section = &plan.sections[shortest];
            let missing = self.config.min_words - read(self, &intro, &bodies);
            let have = word_count(&bodies[shortest].join(" "));
            // An extension is more work, found only now.
            total += section.facts.len();
            self.work(done, total);
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
                &Steer::default(),
            )?;
            done += section.facts.len();
            self.work(done, total);
            spent[shortest] = word_count(&bodies[shortest].join(" ")) == have;
            rounds += 1;
        }
        self.read_before.clear();
        // No lead sentence passed: the article opens with the first sentence a section kept
        // (read once: the section's copy is left out as a repeat), not straight on a heading.
        // Of a section whose next sentence can open it once its first is gone: velo seed 1 at
        // this stop left « « Nous voulons … », a-t-il déclaré » opening its first section.
        if intro.is_empty() {
            let opens = |next: Option<&String>| {
                next.is_none_or(|n| filter::leans_on(n, &self.facts, &[]).is_none())
            };
            let lead = bodies
                .iter()
                .find(|b| !b.is_empty() && opens(b.get(1)))
                .or_else(|| bodies.iter().find(|b| !b.is_empty()));
            intro = lead.and_then(|b| b.first()).into_iter().cloned().collect();
        }

        Ok(Draft {
            intro,
            essentials,
            bodies,
            faq,
        })
    }

    /// Paragraphs and the metadata the program derives, around the draft's sentences.
    fn assemble(&self, plan: &ArticlePlan, draft: &Draft) -> Article {
        let draft = &draft.without_repeats();
        let first_sentences = draft.opening();
        let mut article = Article {
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
            intro: paragraphs(&draft.intro),
            essentials: draft.essentials.clone(),
            faq: draft.faq.clone(),
            sections: plan
                .sections
                .iter()
                .zip(&draft.bodies)
                .map(|(s, body)| Section {
                    heading: s.heading.clone(),
                    paragraphs: paragraphs(body),
                })
                .collect(),
            image: None,
            credit: None,
        };
        self.config.media.dress(&mut article);
        article
    }

    /// The checks of `write`'s gate and of `redacteur check`, on the article as rendered.
    fn check(&mut self, article: &Article) -> SeoReport {
        let started = std::time::Instant::now();
        // The keyphrase comes from the metadata, as for `redacteur check` on the output.
        let config = CheckConfig {
            keyphrase: None,
            min_words: self.config.min_words,
            min_sections: self.config.min_sections,
        };
        let report = seo::check(&Document::from(article), Some(&self.facts), &config);
        self.report.check_time += started.elapsed();
        report
    }

    /// Sentences for one section, continuing `written`, until `target` words, by the
    /// configured method.
    fn write_section(
        &mut self,
        title: &str,
        heading: Option<&str>,
        facts: &[String],
        written: Vec<String>,
        target: usize,
        steer: &Steer,
    ) -> Result<Vec<String>> {
        match self.config.method {
            Method::Rewrite => self.rewrite_section(facts, written, target, steer),
            Method::Notes => self.continue_from_notes(
                title,
                heading,
                facts,
                written,
                target,
                steer.keyphrase.as_deref(),
            ),
        }
    }

    fn count_rejection(&mut self, reason: &filter::Rejection) {
        *self
            .report
            .rejected
            .entry(reason.category().to_string())
            .or_default() += 1;
    }
}

/// The gate (`grounded`: with the source's support of every sentence), or with the gate
/// off, only the rule that a sentence must have words.
fn judge(
    gate: bool,
    grounded: bool,
    sentence: &str,
    facts: &Facts,
    kept: &[String],
    read_before: &[String],
) -> Result<(), filter::Rejection> {
    match gate {
        true => filter::judge_following(sentence, facts, kept, read_before, grounded),
        false if text::word_count(sentence) == 0 => Err(filter::Rejection::TooShort),
        false => Ok(()),
    }
}

/// `Les États-Unis` -> `les États-Unis`: after a colon French takes no capital, names aside.
pub(crate) fn lowercase_article(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or("");
    match crate::text::STOPWORDS.contains(&crate::text::normalize(first).as_str()) {
        true => format!("{}{}", first.to_lowercase(), &text[first.len()..]),
        false => text.to_string(),
    }
}
