//! Readability rules on the body's sentences, with Yoast SEO's thresholds: long sentences,
//! the French reading ease, transition words, passive voice and repeated sentence beginnings.

use crate::text::words;

use super::readability::{is_passive, kandel_moles, sentence_beginning, syllables};
use super::report::{percent, Finding, Location, Status};
use super::rule::Rule;
use super::transitions::has_transition;
use crate::document::{Document, Sentence};

/// A sentence longer than this many words is long (Yoast).
pub const LONG_SENTENCE_WORDS: usize = 20;

fn at(sentence: &Sentence) -> Location {
    Location::new(sentence.line, sentence.section.as_deref(), &sentence.text)
}

pub fn rules(document: &Document) -> Vec<Finding> {
    let sentences = document.sentences();
    if sentences.is_empty() {
        return vec![Finding::new(
            Rule::Readability,
            Status::Fail,
            0,
            "some body text",
            "there is no body text to read",
        )];
    }
    let n = sentences.len();
    // Yoast reads the subheadings as sentences of the text: the shares of long, connected and
    // passive sentences are taken over both, as there.
    let subheadings = (2..=6)
        .map(|level| document.headings(level).count())
        .sum::<usize>();
    let counted = n + subheadings;
    let mut out = Vec::new();

    // Yoast: at most 25 % of sentences over 20 words is good, up to 30 % acceptable.
    let long: Vec<&Sentence> = sentences
        .iter()
        .filter(|s| words(&s.text).len() > LONG_SENTENCE_WORDS)
        .collect();
    let share = percent(long.len(), counted);
    out.push(
        Finding::new(
            Rule::LongSentences,
            grade(share <= 25.0, share <= 30.0),
            share,
            format!("at most 25 % of sentences and subheadings over {LONG_SENTENCE_WORDS} words"),
            format!(
                "{} of {n} sentences have more than {LONG_SENTENCE_WORDS} words ({counted} with the \
                 {subheadings} subheadings)",
                long.len()
            ),
        )
        .at(long.iter().map(|s| at(s)).collect()),
    );

    // Kandel & Moles; Yoast: 60 and over good, 50–60 acceptable, under 50 difficult.
    let all_words: Vec<&str> = sentences.iter().flat_map(|s| words(&s.text)).collect();
    let syllable_count: usize = all_words.iter().map(|w| syllables(w)).sum();
    let ease = kandel_moles(all_words.len(), n, syllable_count);
    let ease = (ease * 10.0).round() / 10.0;
    // Reported, not scored: Yoast stopped scoring Flesch for French in 19.3, since the
    // formula does not fit the language.
    out.push(
        Finding::new(
            Rule::ReadingEase,
            grade(ease >= 60.0, ease >= 50.0),
            ease,
            "60 or more (Kandel & Moles; informational, not scored)",
            format!(
                "{:.1} words per sentence, {:.2} syllables per word",
                all_words.len() as f64 / n as f64,
                syllable_count as f64 / all_words.len().max(1) as f64
            ),
        )
        .weight(0),
    );

    // Yoast: transition words in at least 30 % of sentences good, 20 % acceptable.
    let with = sentences.iter().filter(|s| has_transition(&s.text)).count();
    let share = percent(with, counted);
    // Yoast asks nothing of a text under 200 words that holds one.
    let short = document.body_words() < 200 && with > 0;
    out.push(Finding::new(
        Rule::TransitionWords,
        grade(share >= 30.0 || short, share >= 20.0),
        share,
        "at least 30 % of sentences and subheadings",
        format!(
            "{with} of {n} sentences hold a transition word ({counted} with the {subheadings} \
             subheadings)"
        ),
    ));

    // Yoast: passive voice in at most 10 % of sentences good, 15 % acceptable. A subheading
    // may be passive too (« Les billets sont mis en vente »).
    let headings: Vec<Sentence> = (2..=6)
        .flat_map(|level| document.headings(level))
        .map(|h| Sentence {
            text: h.text.clone(),
            line: h.line,
            section: None,
        })
        .collect();
    let passive: Vec<&Sentence> = sentences
        .iter()
        .chain(&headings)
        .filter(|s| is_passive(&s.text))
        .collect();
    let share = percent(passive.len(), counted);
    out.push(
        Finding::new(
            Rule::PassiveVoice,
            grade(share <= 10.0, share <= 15.0),
            share,
            "at most 10 % of sentences and subheadings",
            format!(
                "{} of {counted} sentences and subheadings are passive",
                passive.len()
            ),
        )
        .at(passive.iter().map(|s| at(s)).collect()),
    );

    // Yoast: three or more consecutive sentences opening with the same word is a fault.
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=n {
        let same = i < n
            && !sentence_beginning(&sentences[i].text).is_empty()
            && sentence_beginning(&sentences[i].text) == sentence_beginning(&sentences[start].text);
        if !same {
            if i - start >= 3 {
                runs.push(at(&sentences[start]));
            }
            start = i;
        }
    }
    out.push(
        Finding::new(
            Rule::ConsecutiveBeginnings,
            Status::pass_if(runs.is_empty()),
            runs.len(),
            "no 3 consecutive sentences opening with the same word",
            format!("{} runs of 3 or more sentences opening alike", runs.len()),
        )
        .at(runs),
    );
    out
}

fn grade(good: bool, acceptable: bool) -> Status {
    match (good, acceptable) {
        (true, _) => Status::Ok,
        (false, true) => Status::Warn,
        _ => Status::Fail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(text: &str, rule: Rule) -> Finding {
        let doc = Document::from_markdown(text);
        rules(&doc)
            .into_iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{rule}"))
    }

    #[test]
    fn reading_ease_of_a_short_text() {
        // Worked in readability::tests: 119.3 for these two sentences.
        let f = finding("Le chat dort. Il fait beau dehors.", Rule::ReadingEase);
        assert_eq!((f.status, f.value.as_f64()), (Status::Ok, Some(119.3)));
    }

    #[test]
    fn long_sentences_passive_and_transitions_are_shares() {
        let long = "Le conseil municipal de la ville a voté hier soir un plan qui prévoit de nouvelles pistes cyclables dans tous les quartiers du centre.";
        let text = format!("{long} Le plan est adopté par le conseil. Cependant, la mairie attend. Les habitants applaudissent.");
        let f = finding(&text, Rule::LongSentences);
        assert_eq!((f.status, f.value.as_f64()), (Status::Ok, Some(25.0)));
        let f = finding(&text, Rule::PassiveVoice);
        assert_eq!((f.status, f.value.as_f64()), (Status::Fail, Some(25.0)));
        assert_eq!(f.locations[0].line, Some(1));
        // Under 200 words, one connector is enough for Yoast.
        let f = finding(&text, Rule::TransitionWords);
        assert_eq!((f.status, f.value.as_f64()), (Status::Ok, Some(25.0)));
        // Yoast reads subheadings as sentences: one of them makes the shares fifths.
        let headed = format!("## Le plan\n\n{text}");
        let f = finding(&headed, Rule::PassiveVoice);
        assert_eq!((f.status, f.value.as_f64()), (Status::Fail, Some(20.0)));
        let passive_heading = format!("## Le plan est adopté\n\n{text}");
        let f = finding(&passive_heading, Rule::PassiveVoice);
        assert_eq!(f.value.as_f64(), Some(40.0));
    }

    #[test]
    fn three_sentences_opening_alike_are_a_fault() {
        let f = finding(
            "Lyon change. Lyon roule. Lyon respire. Paris suit.",
            Rule::ConsecutiveBeginnings,
        );
        assert_eq!((f.status, f.value.as_u64()), (Status::Fail, Some(1)));
        let f = finding(
            "Le maire parle. Le conseil vote. Le maire signe.",
            Rule::ConsecutiveBeginnings,
        );
        assert_eq!(f.status, Status::Ok);
    }
}
