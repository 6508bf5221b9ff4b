//! One candidate sentence being written: its text as it comes, each sentence judged by the
//! gate once the next begins, a sentence already doomed stopped before its end, and the
//! sentences kept cut at the first the model found unlikely.

use super::{filter, judge, likelihood};
use crate::engine::Flow;
use crate::grounding::Grounding;
use crate::text;

/// The finished words of a sentence being written: all but the last, which may be cut.
fn finished_words(partial: &str) -> Option<&str> {
    let end = partial.trim_end().rfind(char::is_whitespace)?;
    Some(&partial[..end])
}

/// Why the sentence whose `finished` words these are will be refused whatever its end: a
/// name, figure, word of no language, phrase said twice, content words the source lacks or
/// two that it says apart.
fn doomed(finished: &str, facts: &crate::facts::Facts) -> Option<filter::Rejection> {
    if let Some(name) = facts.invented_names(finished).into_iter().next() {
        return Some(filter::Rejection::InventedName(name));
    }
    if let Some(figure) = facts.invented_numbers(finished).into_iter().next() {
        return Some(filter::Rejection::InventedFigure(figure));
    }
    if let Some(figure) = facts.misattributed_so_far(finished).into_iter().next() {
        return Some(filter::Rejection::InventedFigure(figure));
    }
    if let Some(date) = facts.invented_times(finished).into_iter().next() {
        return Some(filter::Rejection::InventedDate(date));
    }
    if let Some(word) = facts.unknown_words(finished).into_iter().next() {
        return Some(filter::Rejection::UnknownWord(word.to_string()));
    }
    if let Some(phrase) = filter::stutter(finished) {
        return Some(filter::Rejection::Stutter(phrase));
    }
    if let Some(pair) = filter::missing_elision(finished, &facts.sentences) {
        return Some(filter::Rejection::NotElided(pair));
    }
    let grammar = &facts.grounding.grammar;
    if let Some(pair) = grammar
        .wrong_gender(finished)
        .or_else(|| grammar.figure_de(finished))
    {
        return Some(filter::Rejection::Ungrammatical(pair));
    }
    if let Some(flip) = facts.grounding.polarity.flipped_so_far(finished) {
        return Some(filter::Rejection::Flipped(flip));
    }
    let support = facts.grounding.strict_support(finished);
    if let Some(action) = filter::invented_action(finished, &support.unsupported) {
        return Some(filter::Rejection::InventedAction(action));
    }
    if let Some((a, b)) = facts.grounding.links.unlinked(finished) {
        return Some(filter::Rejection::Unlinked(a.to_string(), b.to_string()));
    }
    filter::too_many_unsupported(&support.unsupported)
        .then_some(filter::Rejection::Unsupported(support.unsupported))
}

/// One candidate being written: its text so far, the sentences the gate kept, why it was
/// stopped, and the context the gate judges repeats against.
pub(super) struct Candidate {
    line: String,
    pub(super) kept: Vec<String>,
    pub(super) refused: Option<filter::Rejection>,
    /// The finished words last found doomed or not, judged again only when they grow.
    judged: String,
    context: Vec<String>,
    /// The sentences of the part it writes into (its section), its own kept ones after:
    /// what it may not say again in other words.
    part: Vec<String>,
    repeats: filter::Repeats,
}

impl Candidate {
    pub(super) fn new(context: Vec<String>, part: Vec<String>) -> Self {
        Self {
            line: String::new(),
            kept: Vec::new(),
            refused: None,
            judged: String::new(),
            context,
            part,
            repeats: filter::Repeats::default(),
        }
    }

    /// The gate on `sentence`: the source's, then its section's support (words gathered
    /// from all over the source make new claims).
    fn judge(
        &mut self,
        sentence: &str,
        gate: bool,
        facts: &crate::facts::Facts,
        local: &Grounding,
    ) -> Result<(), filter::Rejection> {
        judge(gate, true, sentence, facts, &self.context)?;
        let support = local.support(sentence);
        if gate && !support.is_supported() {
            return Err(filter::Rejection::Unsupported(support.unsupported));
        }
        if gate && filter::restates(sentence, &self.part) {
            return Err(filter::Rejection::Restated);
        }
        self.context.push(sentence.to_string());
        self.part.push(sentence.to_string());
        self.kept.push(sentence.to_string());
        Ok(())
    }

    /// Takes the next piece of text: each sentence is judged once the next has begun, and
    /// the candidate stops at its first refused sentence (what came before it is kept), or
    /// as soon as the sentence being written is doomed, or at the end of its line.
    pub(super) fn step(
        &mut self,
        piece: &str,
        gate: bool,
        facts: &crate::facts::Facts,
        local: &Grounding,
    ) -> Flow {
        self.line.push_str(piece);
        let ended = self.line.trim_start().contains('\n');
        let text = self
            .line
            .trim_start()
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let sentences = text::sentences(&text);
        let complete = sentences.len().saturating_sub(usize::from(!ended));
        for sentence in &sentences[self.kept.len()..complete.max(self.kept.len())] {
            if let Err(reason) = self.judge(sentence, gate, facts, local) {
                self.refused = Some(reason);
                return Flow::Halt;
            }
        }
        // A sentence already doomed is not written to its end; its finished words are
        // judged once each time they grow, not at every token.
        if gate && !ended {
            let finished = sentences.get(complete).and_then(|s| finished_words(s));
            if let Some(finished) = finished.filter(|f| *f != self.judged) {
                self.judged = finished.to_string();
                let repeat = self
                    .repeats
                    .doomed(finished, &self.context)
                    .then_some(filter::Rejection::Repeated);
                let overused = || {
                    let word = self.repeats.overused(finished, &self.context, facts)?;
                    Some(filter::Rejection::Overused(word.to_string()))
                };
                if let Some(reason) = repeat.or_else(overused).or_else(|| doomed(finished, facts)) {
                    self.refused = Some(reason);
                    return Flow::Halt;
                }
            }
        }
        match ended {
            true => Flow::Halt,
            false => Flow::Continue,
        }
    }

    /// Out of tokens or ended by the model: the last sentence is judged as it is.
    pub(super) fn finish(&mut self, gate: bool, facts: &crate::facts::Facts, local: &Grounding) {
        if self.refused.is_some() || self.line.trim_start().contains('\n') {
            return;
        }
        let text = self.line.trim().to_string();
        if let Some(last) = text::sentences(&text).get(self.kept.len()) {
            if let Err(reason) = self.judge(last, gate, facts, local) {
                self.refused = Some(reason);
            }
        }
    }

    /// Drops the kept sentences from the first the model found less likely than `floor`,
    /// which then stands as the reason it stopped.
    pub(super) fn cut_unlikely(&mut self, logprobs: &[Option<f32>], floor: f32) {
        if let Some((at, reason)) = likelihood::first_unlikely(logprobs, floor) {
            self.kept.truncate(at);
            self.refused = Some(reason);
        }
    }
}
