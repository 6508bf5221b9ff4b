//! One candidate sentence being written: its text as it comes, each sentence judged by the
//! gate once the next begins, a sentence already doomed stopped before its end, and the
//! sentences kept cut at the first the model found unlikely.

use super::{clauses, filter, judge, likelihood};
use crate::engine::Flow;
use crate::grounding::Grounding;
use crate::text;

/// The finished words of a sentence being written: all but the last, which may be cut,
/// and but the groups of a figure the last goes on with (« de 15 » of « de 15 0 » is not
/// finished: read so, every « 15 000 » was refused as an invented « 15 » at its second
/// group, 135 candidates in velo's three traces at stop 69, `def998e`).
fn finished_words(partial: &str) -> Option<&str> {
    let mut end = partial.trim_end().rfind(char::is_whitespace)?;
    let is_group = |w: &str| (1..=3).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit());
    while partial[end..]
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit())
    {
        let before = partial[..end].trim_end();
        let last = before.split_whitespace().next_back().unwrap_or("");
        if !is_group(last) {
            break;
        }
        // The figure's first group may open the sentence: nothing is finished then.
        end = before[..before.len() - last.len()].trim_end().len();
        if end == 0 {
            return None;
        }
    }
    Some(&partial[..end])
}

/// Letters a word being written may reach, at most: « anticonstitutionnellement » has 25,
/// « Saint-Germain-en-Laye » 21. Past it, the model is looping inside one word
/// (« -ils-ils-ils… », « seuseuseu… », « <em><em>… »), which the gate, judging finished
/// words, only saw at the candidate's last token: 70 candidates and 5,549 tokens in stop 70's
/// twelve traces.
const MAX_WORD_CHARS: usize = 30;

/// The word `line` is writing, when it is already longer than any word may be.
fn overlong_word(line: &str) -> Option<&str> {
    let last = line.split_whitespace().next_back()?;
    let open = !line.ends_with(char::is_whitespace);
    (open && last.chars().count() > MAX_WORD_CHARS).then_some(last)
}

/// Where the text of `line` is taken back from when the finished words of its last sentence
/// are doomed: the whitespace before their last `words` words, those that doomed them (the
/// start of the line where they are the first). A token of the model begins with its space,
/// so the engine finds a token's end there.
fn doomed_words_start(line: &str, words: usize) -> usize {
    let Some(mut at) = finished_words(line).map(str::len) else {
        return 0;
    };
    for _ in 0..words {
        match line[..at].trim_end().rfind(char::is_whitespace) {
            Some(before) => at = before,
            None => return 0,
        }
    }
    at
}

/// How many of the finished words of `line` are taken back to mend the phrase `pair` that
/// doomed them: from the last of them that is `pair`'s first word where that is an article
/// or a preposition (« du » of « du … demi-finale », « à » of « à Racing »), or the last alone
/// (« en » of « s'est en »).
fn words_back_to(line: &str, pair: &str) -> usize {
    let first = pair.split_whitespace().next().unwrap_or("");
    let lead = first.to_lowercase();
    let elided = ["d'", "d’", "qu'", "qu’", "l'", "l’"]
        .iter()
        .any(|e| lead.starts_with(e));
    let leads = ["à", "de"].contains(&lead.as_str()) || crate::grounding::is_article(&lead);
    if !leads && !elided {
        return 1;
    }
    let finished: Vec<&str> = finished_words(line)
        .unwrap_or("")
        .split_whitespace()
        .collect();
    finished
        .iter()
        .rposition(|w| {
            w.trim_start_matches(['«', '"', '('])
                .eq_ignore_ascii_case(first)
        })
        .map_or(1, |at| finished.len() - at)
}

/// Times a candidate may take back words that break the source's grammar (an article of
/// another gender than the source gives its noun, « à Racing 92 » for « au Racing 92 »),
/// whatever `WriteConfig::retractions` says: another article or preposition mends them where
/// the model means the source's words (issue 18, stop 59).
const GRAMMAR_RETRACTIONS: usize = 2;

/// Whether a sentence doomed for `reason` is worth taking its last word back for. Two words
/// the source says apart, a word of no language and content the source lacks are what the
/// model means to say: another word in the last one's place seldom mends them (in the traces
/// of two examples at four retractions a candidate, 22 of 3,001 such retractions were in a
/// candidate that then passed, against 45 of 2,824 for the others), so it stops there.
fn retractable(reason: &filter::Rejection) -> bool {
    use filter::Rejection::*;
    !matches!(
        reason,
        Unlinked(..) | UnknownWord(_) | Unsupported(_) | InventedAction(_)
    )
}

/// Whether a sentence doomed for `reason` marks the word that doomed it a dead end: where
/// the word is wrong in form (a word of no language, « de euros », an article of the wrong
/// gender, a verb without its pronoun) the model's next choice most often says the same
/// rightly. Where it meant what the source does not say (content words said apart, a deed, a
/// name, a figure, a date, a repeat) or copied it, pushed off its word it writes what the
/// gate cannot yet see is wrong: read beside their sources, most sentences that dead ends of
/// every kind added were, and most of those that copies and figures added (« pistes
/// cyclables sécurisées, de la première couronne et du centre d'agglomération », stop 67).
fn dead_end_worthy(reason: &filter::Rejection) -> bool {
    use filter::Rejection::*;
    matches!(
        reason,
        UnknownWord(_) | NotElided(_) | Ungrammatical(_) | Voice(_)
    )
}

/// `text` up to the quotation it leaves open, if it leaves one open.
fn before_open_quote(text: &str) -> &str {
    let guillemet = text.rfind('«').filter(|&at| !text[at..].contains('»'));
    let curly = text.rfind('“').filter(|&at| !text[at..].contains('”'));
    let straight = match text.matches('"').count() % 2 {
        1 => text.rfind('"'),
        _ => None,
    };
    match [guillemet, curly, straight].into_iter().flatten().min() {
        Some(at) => &text[..at],
        None => text,
    }
}

/// Why the sentence whose `finished` words these are will be refused whatever its end: a
/// name, figure, word of no language, phrase said twice, a run of the source's words copied,
/// content words the source lacks or two that it says apart.
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
    // A quotation still open is judged once it closes, as one of the source's or not.
    let copied = facts.longest_copied_run(before_open_quote(finished));
    if copied >= filter::MAX_COPIED_RUN {
        return Some(filter::Rejection::Copied(copied));
    }
    if let Some(twice) = facts.grounding.twice.said_twice(finished) {
        return Some(filter::Rejection::Stutter(twice));
    }
    if let Some(pair) = filter::missing_elision(finished, &facts.sentences) {
        return Some(filter::Rejection::NotElided(pair));
    }
    if let Some(pair) = facts.grounding.grammar.error(finished, false) {
        return Some(filter::Rejection::Ungrammatical(pair));
    }
    if let Some(pair) = filter::pronoun_before_infinitive(finished, &facts.sentences) {
        return Some(filter::Rejection::Ungrammatical(pair));
    }
    if let Some(changed) = facts.grounding.voice.changed(finished) {
        return Some(filter::Rejection::Voice(changed));
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
    /// The words taken back so far, each with why (for `--trace`).
    pub(super) retracted: Vec<String>,
    /// Where the text was asked to be taken back from, until the engine's next piece says it
    /// was.
    retracting: Option<usize>,
    /// Times it may take a word back (`WriteConfig::retractions`).
    retractions: usize,
    /// Whether a doomed word it does not take back marks a dead end (`WriteConfig::dead_ends`).
    dead_ends: bool,
    /// The sentence kept by cutting the refused one short, if one was (for `--trace`).
    pub(super) cut: Option<String>,
    /// The sentences of the part it writes into (its section), its own kept ones after:
    /// what it may not say again in other words.
    part: Vec<String>,
    /// The kept sentences, and those of them read before the part it writes into, which it
    /// may say again with more (see `filter::judge_following`).
    repeats: filter::Repeats,
}

impl Candidate {
    pub(super) fn new(
        context: Vec<String>,
        part: Vec<String>,
        retractions: usize,
        dead_ends: bool,
    ) -> Self {
        Self {
            line: String::new(),
            kept: Vec::new(),
            refused: None,
            judged: String::new(),
            context,
            retracted: Vec::new(),
            retracting: None,
            retractions,
            dead_ends,
            cut: None,
            part,
            repeats: filter::Repeats::default(),
        }
    }

    /// The candidate writing into a part read after `read_before`, kept sentences of its
    /// context.
    pub(super) fn following(mut self, read_before: Vec<String>) -> Self {
        self.repeats = filter::Repeats::following(read_before);
        self
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
        judge(
            gate,
            true,
            sentence,
            facts,
            &self.context,
            self.repeats.read_before(),
        )?;
        if gate {
            let part: Vec<&str> = self.part.iter().map(String::as_str).collect();
            if let Some(fault) = filter::leans_on(sentence, facts, &part) {
                return Err(fault);
            }
        }
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
        // A new piece after a retraction: the engine took the text back and drew another
        // token where it began.
        if let Some(at) = self.retracting.take() {
            self.line.truncate(at);
            self.refused = None;
            self.judged.clear();
        }
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
                self.cut_short(sentence, gate, facts, local);
                return Flow::Halt;
            }
        }
        if let Some(word) = overlong_word(&self.line).filter(|_| gate && !ended) {
            self.refused = Some(filter::Rejection::UnknownWord(word.to_string()));
            return Flow::Halt;
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
                    .then_some(filter::Rejection::Repeated)
                    .or_else(|| {
                        filter::opens_as(finished, &self.part)
                            .then_some(filter::Rejection::Restated)
                    });
                let overused = || {
                    let word = self.repeats.overused(finished, &self.context, facts)?;
                    Some(filter::Rejection::Overused(word.to_string()))
                };
                if let Some(reason) = repeat.or_else(overused).or_else(|| doomed(finished, facts)) {
                    let flow = self.retract(reason);
                    if matches!(flow, Flow::Halt | Flow::DeadEnd(_)) {
                        self.cut_short(finished, gate, facts, local);
                    }
                    return flow;
                }
            }
        }
        match ended {
            true => Flow::Halt,
            false => Flow::Continue,
        }
    }

    /// The sentence being written is doomed for `reason`: its last finished word is taken
    /// back for another, while the candidate has retractions left; else it stops there, and
    /// marks that word a dead end for the candidates after it.
    fn retract(&mut self, reason: filter::Rejection) -> Flow {
        // « de euros » is mended by another word than « de », not another than « euros »; « du
        // … demi-finale » by another article, « à Racing » by « au ».
        let words = match &reason {
            filter::Rejection::NotElided(pair) => pair.split_whitespace().count(),
            filter::Rejection::Ungrammatical(pair) => words_back_to(&self.line, pair),
            _ => 1,
        };
        let at = doomed_words_start(&self.line, words.max(1));
        let word = self.line[at..].split_whitespace().next().unwrap_or("");
        let budget = match reason {
            filter::Rejection::Ungrammatical(_) => self.retractions.max(GRAMMAR_RETRACTIONS),
            _ => self.retractions,
        };
        let flow = match self.retracted.len() < budget && retractable(&reason) && !word.is_empty() {
            true => {
                self.retracted.push(format!("{word} ({reason})"));
                self.retracting = Some(at);
                Flow::Retract(at)
            }
            // The word's last token is the dead end, not its first: « a-t' » doomed by its
            // apostrophe must not ban the « a » of « a déclaré ».
            false if self.dead_ends && !word.is_empty() && dead_end_worthy(&reason) => {
                let start = at + self.line[at..].len() - self.line[at..].trim_start().len();
                let letters = word.trim_end_matches(|c: char| !c.is_alphanumeric());
                Flow::DeadEnd(start + letters.len().max(1))
            }
            false => Flow::Halt,
        };
        self.refused = Some(reason);
        flow
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
                self.cut_short(last, gate, facts, local);
            }
        }
    }

    /// The refused `sentence` ended before a clause that adds to it, where the gate takes it
    /// so: the tokens spent on what it said right are not lost with what it said wrong.
    fn cut_short(
        &mut self,
        sentence: &str,
        gate: bool,
        facts: &crate::facts::Facts,
        local: &Grounding,
    ) {
        if !gate {
            return;
        }
        for shorter in clauses::shorter(sentence) {
            if self.judge(&shorter, gate, facts, local).is_ok() {
                self.cut = Some(shorter);
                return;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_looping_on_itself_is_overlong_while_written() {
        assert_eq!(
            overlong_word("Comment vont-ils-ils-ils-ils-ils-ils-ils-ils"),
            Some("vont-ils-ils-ils-ils-ils-ils-ils-ils")
        );
        // Long words, finished or not, are not.
        assert_eq!(overlong_word("Le mot anticonstitutionnellement"), None);
        assert_eq!(overlong_word("Le mot anticonstitutionnellement "), None);
        // Only the word being written counts.
        assert_eq!(overlong_word("-ils-ils-ils-ils-ils-ils-ils-ils-ils "), None);
    }

    #[test]
    fn a_figure_being_written_in_groups_is_not_finished() {
        assert_eq!(
            finished_words("Le plan comprend 15 0"),
            Some("Le plan comprend")
        );
        assert_eq!(finished_words("Il y a 1 200 0"), Some("Il y a"));
        assert_eq!(finished_words("15 0"), None);
        // A group that is done is finished, and so is a figure before a word.
        assert_eq!(finished_words("de 15 000 pla"), Some("de 15 000"));
        assert_eq!(finished_words("en 2030 et 2"), Some("en 2030 et"));
        assert_eq!(finished_words("les 2030 4"), Some("les 2030"));
        // Groups set apart by a no-break space, a character of two bytes.
        assert_eq!(finished_words("Il y a 1\u{a0}200\u{a0}0"), Some("Il y a"));
        assert_eq!(finished_words("Il y a\u{a0}1 200 0"), Some("Il y a"));
    }

    #[test]
    fn a_wrong_article_is_taken_back_with_its_noun() {
        // Seen in `write examples/rugby-toulouse.txt --seed 1` (stop 58).
        let line = " Il affrontera le vainqueur du demi-finale qui";
        let words = words_back_to(line, "du … demi-finale");
        assert_eq!(words, 2);
        assert_eq!(
            &line[doomed_words_start(line, words)..],
            " du demi-finale qui"
        );
        assert_eq!(words_back_to(" Il joue à Racing 92", "à Racing"), 2);
        // The pair's first word nowhere among the finished ones: the last word alone.
        assert_eq!(words_back_to(" Il joue au Racing 92", "à Racing"), 1);
        // A participle missing: the word in its place alone.
        assert_eq!(words_back_to(" Toulouse s'est en finale", "s'est en"), 1);
    }

    /// A word of no language marks a dead end at its end where dead ends are asked for (the
    /// engine marks the token holding its last byte), and only halts otherwise; a word the
    /// model meant and the source does not say (a name) halts either way.
    #[test]
    fn a_word_wrong_in_form_marks_a_dead_end_at_its_end() {
        let source = ["Les Toulousains ont fait la différence en seconde période."];
        let facts =
            crate::facts::Facts::from_sentences(source.iter().map(|s| s.to_string()).collect());
        let local = Grounding::new(source);
        let run = |dead_ends: bool, pieces: &[&str]| {
            let mut candidate = Candidate::new(Vec::new(), Vec::new(), 0, dead_ends);
            let flows: Vec<Flow> = pieces
                .iter()
                .map(|p| candidate.step(p, true, &facts, &local))
                .collect();
            *flows.last().unwrap()
        };
        let line = [" Les Toulousains ont fait la", " difference", " en"];
        let end = " Les Toulousains ont fait la difference".len();
        assert_eq!(run(true, &line), Flow::DeadEnd(end));
        assert_eq!(run(false, &line), Flow::Halt);
        let named = [" Les Toulousains ont battu Clermont", " en"];
        assert_eq!(run(true, &named), Flow::Halt);
    }

    #[test]
    fn a_part_does_not_open_on_a_speaker_named_by_a_pronoun() {
        let source = [
            "Selon Bruno Bernard, président de la Métropole, la part du vélo atteint 4 %.",
            "« Nous voulons des pistes sûres », a-t-il déclaré lors d'une conférence de presse.",
        ];
        let facts =
            crate::facts::Facts::from_sentences(source.iter().map(|s| s.to_string()).collect());
        let local = Grounding::new(source);
        let named = vec!["Selon Bruno Bernard, la part du vélo atteint 4 %.".to_string()];
        let refused = |part: Vec<String>| {
            let mut candidate = Candidate::new(named.clone(), part, 0, false);
            candidate.step(
                " « Nous voulons des pistes sûres », a-t-il déclaré lors d'une conférence de presse.",
                true,
                &facts,
                &local,
            );
            candidate.finish(true, &facts, &local);
            candidate.refused
        };
        // Opening a section, the pronoun names no one, whatever the section before said.
        assert_eq!(refused(Vec::new()), Some(filter::Rejection::PronounSpeaker));
        // After the sentence that names him in its own section, it stands for him.
        assert_ne!(
            refused(named.clone()),
            Some(filter::Rejection::PronounSpeaker)
        );
    }

    #[test]
    fn a_quotation_being_written_is_not_judged_a_copy_yet() {
        let line = "Il a déclaré : « Nous voulons que chaque habitant puisse rejoindre";
        assert_eq!(before_open_quote(line), "Il a déclaré : ");
        let closed = "« Nous voulons », a-t-il dit, « que chaque";
        assert_eq!(before_open_quote(closed), "« Nous voulons », a-t-il dit, ");
        assert_eq!(
            before_open_quote("Il a dit \"oui\" puis"),
            "Il a dit \"oui\" puis"
        );
    }

    #[test]
    fn the_doomed_word_is_the_last_finished_one() {
        // « pistes » dooms « 250 pistes »; « cycl » is the word being written.
        let line = " Le projet prévoit 250 pistes cycl";
        assert_eq!(&line[doomed_words_start(line, 1)..], " pistes cycl");
        // Two words: « de euros » not elided.
        let line = " un plan de 120 millions de euros destiné";
        assert_eq!(&line[doomed_words_start(line, 2)..], " de euros destiné");
        // A trailing space leaves the last word being written, as the gate reads it.
        assert_eq!(
            &" Il a dit "[doomed_words_start(" Il a dit ", 1)..],
            " a dit "
        );
        // The first word of a later sentence.
        let line = " Une phrase. Deux trois";
        assert_eq!(&line[doomed_words_start(line, 1)..], " Deux trois");
        // The line's first word: all of it.
        assert_eq!(doomed_words_start(" Toulouse a", 1), 0);
        assert_eq!(doomed_words_start(" Le Toulouse a", 2), 0);
        assert_eq!(doomed_words_start("Toulouse", 1), 0);
    }
}
