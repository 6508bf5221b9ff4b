//! The years of a text and where the source puts them: « d'ici à 2030 » may be said « à
//! l'horizon 2030 » or « en 2030 », never « un budget de 2030 » nor « présenté le 2030 »,
//! and only of what the source dates with it (« doubler la place du vélo d'ici à 2030 » is
//! not « les chantiers commencent en 2030 »).

use std::collections::{HashMap, HashSet};

use super::figures::{figure_spans, is_year};
use crate::grounding::stem;
use crate::text::{word_key, words};

/// Words that put an event in or by a year (« en 2030 », « d'ici à 2030 », « à l'horizon
/// 2030 »), as word keys: one stands for another.
const BY_YEAR: &[&str] = &["en", "a", "ici", "horizon", "pour"];

/// Each year of `text` as written with the word before it (`en 2030`), its key, and the keys
/// of the two words before it: the preposition that says what the year is to what is told.
fn year_contexts(text: &str) -> Vec<(String, String, Vec<String>)> {
    let ws = words(text);
    let offset = |w: &str| w.as_ptr() as usize - text.as_ptr() as usize;
    figure_spans(text)
        .into_iter()
        .filter(|f| !f.bare && is_year(&f.key))
        .map(|f| {
            // The words before the year, up to punctuation.
            let mut before = Vec::new();
            let mut shown = f.written.clone();
            // From the figure's first word: a year in groups (`2 000`) is two words.
            let first = f.next - words(&f.written).len();
            let (mut at, mut start) = (first, f.end - f.written.len());
            while before.len() < 2 && at > 0 {
                let w = ws[at - 1];
                if text[offset(w) + w.len()..start].contains(|c: char| !c.is_whitespace()) {
                    break;
                }
                if before.is_empty() {
                    shown = format!("{w} {shown}");
                }
                before.push(word_key(w));
                (at, start) = (at - 1, offset(w));
            }
            (shown, f.key, before)
        })
        .collect()
}

/// Words that open what puts a deed in time (« entre 2016 et 2019 », « depuis 2020 »), as
/// word keys; with `BY_YEAR`, the words between a year and the deed it dates.
const TIME_OPENERS: &[&str] = &["entre", "depuis", "des", "de", "d'", "jusqu'", "dans"];

/// Each year of `text` with the past participle just before what puts it in time, across a
/// comma (« dirigée, entre 2016 et 2019 »), as a word key and as written: the deed the year
/// dates.
fn year_anchors(text: &str) -> Vec<(String, String, String)> {
    let ws = words(text);
    let opener = |w: &str| {
        let key = word_key(w);
        BY_YEAR.contains(&key.as_str()) || TIME_OPENERS.contains(&key.as_str())
    };
    figure_spans(text)
        .into_iter()
        .filter(|f| !f.bare && is_year(&f.key))
        .filter_map(|f| {
            let mut at = f.first();
            while at > 0 && opener(ws[at - 1]) {
                at -= 1;
            }
            let anchor = ws.get(at.checked_sub(1)?)?;
            let participle = ["é", "ée", "és", "ées"].iter().any(|e| anchor.ends_with(e));
            participle.then(|| (f.key, word_key(anchor), anchor.to_string()))
        })
        .collect()
}

/// Words before and after a year of the source that say what it dates.
const TOPIC_BEFORE: usize = 12;
const TOPIC_AFTER: usize = 4;
/// Stems of what a year dates that a sentence giving the year must have (fewer when the
/// source gives fewer).
const TOPIC_STEMS: usize = 2;

/// The content stems around each year of `text`: what the year dates.
fn year_topics(text: &str) -> Vec<(String, HashSet<String>)> {
    let ws = words(text);
    figure_spans(text)
        .into_iter()
        .filter(|f| !f.bare && is_year(&f.key))
        .map(|f| {
            let at = f.next - words(&f.written).len();
            let around = ws[at.saturating_sub(TOPIC_BEFORE)..at]
                .iter()
                .chain(ws.iter().skip(f.next).take(TOPIC_AFTER));
            (f.key, around.filter_map(|w| stem(w)).collect())
        })
        .collect()
}

/// Whether a sentence of these content `stems` tells something the source dates with a
/// year, of which `topics` are what it dates each time it gives it.
pub fn dates(topics: &[HashSet<String>], stems: &HashSet<String>) -> bool {
    topics
        .iter()
        .any(|t| t.intersection(stems).count() >= TOPIC_STEMS.min(t.len()))
}

/// For each year of the source, the words it comes after (`2030` -> [a, ici]), and what it
/// dates each time it is given.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Years {
    before: HashMap<String, HashSet<String>>,
    /// The participles the source puts each year right after (see `year_anchors`).
    anchors: HashMap<String, HashSet<String>>,
    topics: HashMap<String, Vec<HashSet<String>>>,
}

impl Years {
    pub(super) fn new(sentences: &[String]) -> Self {
        let mut years = Self::default();
        for sentence in sentences {
            for (_, key, before) in year_contexts(sentence) {
                years.before.entry(key).or_default().extend(before);
            }
            for (key, anchor, _) in year_anchors(sentence) {
                years.anchors.entry(key).or_default().insert(anchor);
            }
            for (key, topic) in year_topics(sentence) {
                years.topics.entry(key).or_default().push(topic);
            }
        }
        years
    }

    /// Each year of the source, with what it dates each time it gives it.
    pub(super) fn topics(&self) -> &HashMap<String, Vec<HashSet<String>>> {
        &self.topics
    }

    /// The source's years that `sentence` puts after none of the words the source puts them
    /// after (nor, where the source puts something by a year, after another such word), or,
    /// when `whole` (a sentence written to its end), says of something else than the source
    /// dates with it: as written with the word before them.
    pub(super) fn misplaced(&self, sentence: &str, whole: bool) -> Vec<String> {
        let stems: HashSet<String> = words(sentence).into_iter().filter_map(stem).collect();
        // A year put right after a deed the source does not date with it: « une entreprise
        // dirigée entre 2016 et 2019 » where the source's years are when it was favoured,
        // and a relative of the accused ran it.
        let moved = year_anchors(sentence)
            .into_iter()
            .filter(|(key, anchor, _)| {
                self.before.contains_key(key)
                    && !self.anchors.get(key).is_some_and(|a| a.contains(anchor))
                    && !self.before.get(key).is_some_and(|b| b.contains(anchor))
            })
            .map(|(key, _, written)| format!("{written} … {key}"));
        year_contexts(sentence)
            .into_iter()
            .filter_map(|(written, key, before)| {
                let known = self.before.get(&key).filter(|k| !k.is_empty())?;
                let by = |w: &String| BY_YEAR.contains(&w.as_str());
                let placed = before.iter().any(|b| known.contains(b))
                    || known.iter().any(by) && before.iter().any(by);
                let dated = !whole || self.topics.get(&key).is_none_or(|t| dates(t, &stems));
                (!placed || !dated).then_some(written)
            })
            .chain(moved)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_not_put_after_a_deed_the_source_does_not_date_with_it() {
        let source = [
            "Il était accusé d'avoir favorisé entre 2016 et 2019 une entreprise \
                       dirigée par un proche. L'enquête avait été ouverte en 2020."
                .to_string(),
        ];
        let years = Years::new(&source);
        for moved in [
            "Il a favorisé une entreprise dirigée entre 2016 et 2019.",
            "Il a favorisé une entreprise dirigée, entre 2016 et 2019, à Cassis.",
        ] {
            assert!(!years.misplaced(moved, false).is_empty(), "{moved}");
        }
        for kept in [
            "Il a favorisé entre 2016 et 2019 une entreprise.",
            "Entre 2016 et 2019, il a favorisé une entreprise.",
            "L'enquête a été ouverte en 2020.",
        ] {
            assert_eq!(years.misplaced(kept, false), Vec::<String>::new(), "{kept}");
        }
    }

    #[test]
    fn a_year_in_groups_is_read_from_its_first_group() {
        // Found by `check::the_checker_never_panics` (shrunk to « .  2 000 Le »): the words
        // before the year were read from its second group, inside the year itself.
        assert_eq!(
            year_contexts("Depuis l'an 2 000, le prix a doublé."),
            vec![(
                "l'an 2 000".to_string(),
                "2000".to_string(),
                vec!["an".to_string(), "depui".to_string()]
            )]
        );
        assert_eq!(year_contexts(".  2 000 Le")[0].2, Vec::<String>::new());
    }
}
