//! Whether the article says only what its source says: sentences supported by the source's
//! content words, the content precision of the body, and quotations the source has. A
//! failure caps the score, so that an ungrounded article never looks publishable.

use crate::document::{Document, Sentence};
use crate::facts::Facts;
use crate::grounding::SUPPORTED_SHARE;

use super::report::{Finding, Location, Status};
use super::rule::Rule;

/// Share of sentences that must be supported by the source.
pub const MIN_GROUNDED_SENTENCES: f64 = 0.60;
/// Share of the body's content words the source must have.
pub const MIN_CONTENT_PRECISION: f64 = 0.75;
/// Most of the body's word 6-grams that may be the source's (duplicate content).
pub const MAX_SOURCE_OVERLAP: f64 = 0.10;
/// Share of sentences whose content words stand together as the source says them: a
/// faithful hand-written rewrite (`tests/fixtures/tram-grenoble.md`) has 0.77, its words
/// changed for synonyms (« chantier » for « travaux ») where this measure sees none.
pub const MIN_LINKED_SENTENCES: f64 = 0.70;
/// The highest score an article failing a grounding rule can get.
pub const UNGROUNDED_SCORE_CAP: u32 = 70;

/// The whole sentence (the editor must see what to cut), then what is wrong with it.
fn at(sentence: &Sentence, detail: &str) -> Location {
    Location {
        excerpt: format!("{} [{detail}]", sentence.text),
        ..Location::new(sentence.line, sentence.section.as_deref(), "")
    }
}

fn share(part: usize, whole: usize) -> f64 {
    match whole {
        0 => 1.0,
        _ => ((part as f64 / whole as f64) * 1000.0).round() / 1000.0,
    }
}

pub fn rules(document: &Document, facts: &Facts) -> Vec<Finding> {
    let grounding = &facts.grounding;
    let sentences = document.statements();
    let mut unsupported = Vec::new();
    let mut quotes = Vec::new();
    let mut speakers = Vec::new();
    let mut claims = Vec::new();
    let mut titles = Vec::new();
    let mut flips = Vec::new();
    let mut comparisons = Vec::new();
    let mut qualifiers = Vec::new();
    let mut unknown = Vec::new();
    let mut others = Vec::new();
    let mut grammar = Vec::new();
    let mut apart = Vec::new();
    let (mut content, mut supported) = (0, 0);
    for (i, s) in sentences.iter().enumerate() {
        let support = grounding.support(&s.text);
        content += support.content;
        supported += support.supported;
        if !support.is_supported() {
            let detail = format!("not in the source: {}", support.unsupported.join(", "));
            unsupported.push(at(s, &detail));
        }
        if let Some((a, b)) = grounding.links.unlinked(&s.text) {
            apart.push(at(s, &format!("said apart in the source: {a} … {b}")));
        } else if let Some(changed) = grounding.complements.changed(&s.text) {
            apart.push(at(
                s,
                &format!("another complement in the source: {changed}"),
            ));
        } else if let Some(moved) = grounding.complements.relative_moved(&s.text) {
            apart.push(at(
                s,
                &format!("said of another noun in the source: {moved}"),
            ));
        } else {
            // The sentence before, in the same section, is what a reader leans it on.
            let before = (i.checked_sub(1).map(|b| &sentences[b]))
                .filter(|b| b.section == s.section)
                .map(|b| b.text.as_str());
            if let Some(word) = grounding.anaphora.unleaned(&s.text, before) {
                apart.push(at(s, &format!("« {word} » of nothing said before it")));
            } else {
                let part: Vec<&str> = (sentences[..i].iter().rev())
                    .take_while(|b| b.section == s.section)
                    .map(|b| b.text.as_str())
                    .collect();
                // What a section's heading names, its sentences may point at (« cette ligne »
                // under « Une ligne pour le campus », `tests/fixtures/tram-grenoble.md`).
                let named_by_heading = |phrase: &str| {
                    let noun = phrase.rsplit(' ').next().unwrap_or_default();
                    let heading = s.section.as_deref().unwrap_or_default();
                    !crate::grounding::stem_set(noun)
                        .is_disjoint(&crate::grounding::stem_set(heading))
                };
                let unpointed = grounding.anaphora.unpointed(&s.text, &part);
                if let Some(phrase) = unpointed.filter(|p| !named_by_heading(p)) {
                    apart.push(at(
                        s,
                        &format!("« {phrase} » points at nothing named before it"),
                    ));
                }
            }
        }
        let strange = facts.unknown_words(&s.text);
        if !strange.is_empty() {
            unknown.push(at(s, &strange.join(", ")));
        }
        // As while written: a name the source always writes whole may stand cut in a faithful
        // rewrite (« La ligne F dessert », `tests/fixtures/tram-grenoble.md`).
        if let Some(error) = grounding.grammar.error(&s.text, false) {
            grammar.push(at(
                s,
                &format!("not French as the source writes it: {error}"),
            ));
        } else if let Some(fault) = crate::form::fault(&s.text, &facts.sentences) {
            grammar.push(at(s, &format!("not whole French: {fault}")));
        }
        let other = grounding.other_words(&s.text);
        if !other.is_empty() {
            others.push(at(
                s,
                &format!("no word of the source: {}", other.join(", ")),
            ));
        }
        for quote in grounding.invented_quotes(&s.text) {
            quotes.push(at(s, &format!("quoted: {quote}")));
        }
        if let Some(run) = grounding.unmarked_quote(&s.text) {
            quotes.push(at(
                s,
                &format!("the source's quotation told as fact: {run}"),
            ));
        }
        if let Some(speaker) = grounding.speakers.unknown(&s.text) {
            speakers.push(at(s, &format!("speaks nowhere in the source: {speaker}")));
        } else {
            // As the gate reads it: « …, a-t-il déclaré » with no speaker named in it or in
            // the sentence before it in its section (velo seed 1 at stop 76 opened a section
            // so once a repeat before it was dropped).
            let before = (i.checked_sub(1).map(|b| &sentences[b]))
                .filter(|b| b.section == s.section)
                .map(|b| b.text.as_str());
            if grounding.speakers.unnamed(&s.text, before) {
                speakers.push(at(s, "a pronoun speaks for no one named before it"));
            }
        }
        let claims_ = &grounding.claims;
        let wrong = claims_.misattributed(&s.text);
        if let Some(wrong) = wrong.or_else(|| claims_.put_in_mouth(&s.text)) {
            claims.push(at(s, &wrong.to_string()));
        } else if let Some(pronoun) = grounding.speakers.incise_changed(&s.text) {
            claims.push(at(
                s,
                &format!(
                    "the source closes this quotation with another pronoun than « {pronoun} »"
                ),
            ));
        }
        if let Some(wrong) = grounding.titles.misplaced(&s.text) {
            titles.push(at(s, &wrong.to_string()));
        } else if let Some(doubled) = grounding.titles.doubled(&s.text) {
            titles.push(at(s, &doubled));
        } else if let Some(swapped) = grounding.subjects.swapped(&s.text) {
            titles.push(at(s, &format!("another does it in the source: {swapped}")));
        } else if let Some(made) = grounding.agents.made_agent(&s.text) {
            titles.push(at(s, &format!("done to, not doing, in the source: {made}")));
        } else if let Some(doer) = grounding.voice.doer_given(&s.text) {
            titles.push(at(s, &format!("by no one named in the source: {doer}")));
        } else if let Some(done_to) = grounding.agents.made_patient(&s.text) {
            titles.push(at(
                s,
                &format!("doing, not done to, in the source: {done_to}"),
            ));
        } else if let Some(object) = grounding.by_agents.made_object(&s.text) {
            titles.push(at(
                s,
                &format!("doing, not done to, in the source: {object}"),
            ));
        }
        if let Some(flip) = grounding.polarity.flipped(&s.text) {
            flips.push(at(s, &flip.to_string()));
        }
        if let Some(comparison) = grounding.degree.invented(&s.text) {
            comparisons.push(at(s, &format!("compares: {comparison}")));
        }
        if let Some(qualifier) = grounding.degree.invented_qualifier(&s.text) {
            qualifiers.push(at(s, &format!("qualifies: {qualifier}")));
        } else if let Some(shifted) = grounding.tense.shifted(&s.text) {
            qualifiers.push(at(s, &format!("in another time: {shifted}")));
        } else if let Some(changed) = grounding.voice.changed(&s.text) {
            qualifiers.push(at(
                s,
                &format!("told otherwise than the source (pronoun, voice, number): {changed}"),
            ));
        } else if let Some(term) = grounding.suspended.dropped(&s.text) {
            qualifiers.push(at(s, &format!("suspended in the source: {term} de prison")));
        } else if let Some(term) = grounding.suspended.bare(&s.text) {
            qualifiers.push(at(s, &format!("said what of in the source: {term}")));
        }
    }
    // Headings as sentences are read here (a name cut short may stand, as above): the source's
    // grammar, a name's article and place (« Renault et Envision inaugurent usine de
    // batteries en Douai », usine seed 3, stop 77, was read by no rule of `check`).
    for heading in document.headings(1).chain(document.headings(2)) {
        if let Some(error) = grounding.grammar.error(&heading.text, false) {
            grammar.push(Location::new(
                heading.line,
                None,
                &format!(
                    "not French as the source writes it, {error}: {}",
                    heading.text
                ),
            ));
        }
    }
    let (shared, grams) = sentences
        .iter()
        .map(|s| facts.source_ngrams_in(&s.text))
        .fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    let overlap = match grams {
        0 => 0.0,
        _ => share(shared, grams),
    };
    let grounded = share(sentences.len() - unsupported.len(), sentences.len());
    let precision = share(supported, content);
    let linked = share(sentences.len() - apart.len(), sentences.len());
    vec![
        Finding::new(
            Rule::GroundedSentences,
            Status::pass_if(grounded >= MIN_GROUNDED_SENTENCES),
            grounded,
            format!(
                "at least {:.0} % of sentences with {:.0} % of their content words in the source",
                MIN_GROUNDED_SENTENCES * 100.0,
                SUPPORTED_SHARE * 100.0
            ),
            format!(
                "{} of {} sentences are supported by the source",
                sentences.len() - unsupported.len(),
                sentences.len()
            ),
        )
        .weight(3)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(unsupported)
        .list_all(),
        Finding::new(
            Rule::ContentPrecision,
            Status::pass_if(precision >= MIN_CONTENT_PRECISION),
            precision,
            format!("at least {MIN_CONTENT_PRECISION} of the body's content words in the source"),
            format!("{supported} of {content} content words are in the source"),
        )
        .weight(3)
        .caps_score_at(UNGROUNDED_SCORE_CAP),
        Finding::new(
            Rule::LinkedWords,
            Status::pass_if(linked >= MIN_LINKED_SENTENCES),
            linked,
            format!(
                "at least {:.0} % of sentences whose content words, two by two, stand within {} content words of each other in a sentence of the source",
                MIN_LINKED_SENTENCES * 100.0,
                crate::grounding::LINK_WINDOW
            ),
            format!(
                "{} of {} sentences say their words together as the source does",
                sentences.len() - apart.len(),
                sentences.len()
            ),
        )
        .weight(3)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(apart)
        .list_all(),
        Finding::new(
            Rule::SourceOverlap,
            Status::pass_if(overlap <= MAX_SOURCE_OVERLAP),
            overlap,
            format!(
                "at most {:.0} % of the body's word 6-grams taken from the source",
                MAX_SOURCE_OVERLAP * 100.0
            ),
            format!("{shared} of {grams} word 6-grams are the source's"),
        ),
        Finding::new(
            Rule::UnknownWords,
            Status::pass_if(unknown.is_empty()),
            unknown.len(),
            "none: every word is French or the source's",
            format!(
                "{} sentences hold a word in no French dictionary nor the source",
                unknown.len()
            ),
        )
        .at(unknown)
        .list_all(),
        Finding::new(
            Rule::OtherWords,
            Status::pass_if(others.is_empty()),
            others.len(),
            "none: a word that begins as one of the source's is a form of it",
            format!(
                "{} sentences hold a word that begins as one of the source's but is another",
                others.len()
            ),
        )
        .at(others)
        .list_all(),
        Finding::new(
            Rule::Grammar,
            Status::pass_if(grammar.is_empty()),
            grammar.len(),
            "none: articles, numbers, « en » and names as French and the source's own words have them; every sentence whole, with a verb, nothing said twice, elided as French elides",
            format!(
                "{} sentences break the grammar the source's own words show (« une effort », « 13 au 10 ») or are not whole French (« a été a été », « de euros », « », il a déclaré »)",
                grammar.len()
            ),
        )
        .at(grammar)
        .list_all(),
        Finding::new(
            Rule::InventedQuotes,
            Status::pass_if(quotes.is_empty()),
            quotes.len(),
            "none: every quotation is the source's, and told as someone's",
            format!(
                "{} quotations are not the source's, or are told as fact",
                quotes.len()
            ),
        )
        .weight(2)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(quotes)
        .list_all(),
        Finding::new(
            Rule::InventedSpeakers,
            Status::pass_if(speakers.is_empty()),
            speakers.len(),
            "none: whoever is said to speak speaks in the source, and is named",
            format!(
                "{} sentences name a speaker the source does not give, or one by a pronoun alone",
                speakers.len()
            ),
        )
        .weight(2)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(speakers)
        .list_all(),
        Finding::new(
            Rule::ClaimsAsFacts,
            Status::pass_if(claims.is_empty()),
            claims.len(),
            "none: what the source has someone say is said as theirs",
            format!(
                "{} sentences tell as fact, or as said by another, what a speaker says in the source, or have a speaker say what they do not",
                claims.len()
            ),
        )
        .weight(2)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(claims)
        .list_all(),
        Finding::new(
            Rule::MisplacedTitles,
            Status::pass_if(titles.is_empty()),
            titles.len(),
            "none: whoever the source calls minister, captain or winger is the one called so, and whoever it says does a thing does it",
            format!(
                "{} sentences give a title, a post or a deed the source gives to another",
                titles.len()
            ),
        )
        .weight(2)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(titles)
        .list_all(),
        Finding::new(
            Rule::FlippedNegations,
            Status::pass_if(flips.is_empty()),
            flips.len(),
            "none: the article denies what the source denies, and only that, and sets apart \
             what the source sets apart (« sauf », « hors », « dont une partie »)",
            format!(
                "{} sentences deny what the source does not, or drop its negation, its \
                 exception or its restriction",
                flips.len()
            ),
        )
        .weight(2)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(flips)
        .list_all(),
        Finding::new(
            Rule::InventedComparisons,
            Status::pass_if(comparisons.is_empty()),
            comparisons.len(),
            "none: the article compares what the source compares, and only that",
            format!(
                "{} sentences compare (« plus », « moins ») what the source does not",
                comparisons.len()
            ),
        )
        .weight(2)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(comparisons)
        .list_all(),
        Finding::new(
            Rule::InventedQualifiers,
            Status::pass_if(qualifiers.is_empty()),
            qualifiers.len(),
            "none: what the source tells as planned, lasting or partial stays so",
            format!(
                "{} sentences qualify (« déjà », « encore », « seulement »), tell in another time (« est présenté » for « sera présenté ») or without its pronoun (« a qualifié » for « s'est qualifié ») what the source does not",
                qualifiers.len()
            ),
        )
        .weight(2)
        .caps_score_at(UNGROUNDED_SCORE_CAP)
        .at(qualifiers)
        .list_all(),
    ]
}

#[cfg(test)]
mod tests;
