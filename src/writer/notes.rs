//! The first writer: each section is a free continuation of the article after the facts,
//! given as editor's notes; the gate keeps what passes (names, figures, copies, language),
//! with no check that the rest of the sentence is in the source. Kept for comparison with
//! the grounded rewrite (`--method notes`).

use anyhow::Result;

use super::{filter, judge, Event, Writer, COPY_GUARD_TOKENS};
use crate::engine::{Flow, GenerationConfig};
use crate::prompt::SectionContext;
use crate::text::{self, word_count};

/// Tokens one attempt may generate before it is judged.
const ATTEMPT_TOKENS: usize = 160;

impl Writer<'_, '_> {
    /// Sentences for one section, continuing `written`, until `target` words: the model
    /// continues the article after the facts given as editor's notes.
    pub(super) fn continue_from_notes(
        &mut self,
        title: &str,
        heading: Option<&str>,
        facts: &[String],
        mut written: Vec<String>,
        target: usize,
        keyphrase: Option<&str>,
    ) -> Result<Vec<String>> {
        let mut attempts = 0;
        while word_count(&written.join(" ")) < target && attempts < self.config.attempts_per_section
        {
            attempts += 1;
            let prompt = self.prompts.section(&SectionContext {
                title,
                heading,
                facts,
                keyphrase,
                written: &written,
            })?;
            let mut config = GenerationConfig::new(ATTEMPT_TOKENS, self.sampling());
            config.copy_reference = self.copy_reference.clone();
            config.copy_guard_tokens = COPY_GUARD_TOKENS;
            config.latin_only = true;

            // Sentences kept in this attempt go straight into `self.kept`, so that every
            // judgement sees all that the article already says.
            let start = self.kept.len();
            let written_words = word_count(&written.join(" "));
            let mut new_words = 0;
            let mut buffer = String::new();
            let mut rejections = Vec::new();
            let gate = self.config.gate;
            let facts = &self.facts;
            let kept = &mut self.kept;
            let on_event = &mut self.on_event;
            let generation = self.generator.run(&prompt, &config, &mut |piece| {
                on_event(Event::Text(piece));
                buffer.push_str(piece);
                if buffer.contains('#') || buffer.contains("\n\n\n") {
                    return Flow::Halt;
                }
                // Judge each sentence as soon as the next one has begun.
                loop {
                    let sentences = text::sentences(&buffer.replace('\n', " "));
                    if sentences.len() < 2 {
                        // A sentence already too long is refused without waiting for its end.
                        let words = word_count(&buffer);
                        if gate && words > filter::MAX_SENTENCE_WORDS {
                            rejections.push(filter::Rejection::TooLong(words));
                            return Flow::Halt;
                        }
                        return Flow::Continue;
                    }
                    if let Err(reason) = judge(gate, false, &sentences[0], facts, kept, &[]) {
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
                match judge(self.config.gate, false, last, &self.facts, &self.kept, &[]) {
                    Ok(()) => self.kept.push(last.to_string()),
                    Err(reason) => rejections.push(reason),
                }
            }
            for reason in rejections {
                self.count_rejection(&reason);
            }
            self.report.kept_sentences += self.kept.len() - start;
            self.by_model.extend(self.kept[start..].iter().cloned());
            written.extend_from_slice(&self.kept[start..]);
            self.words_kept();
        }
        Ok(written)
    }
}
