//! The years of a text and where the source puts them: « d'ici à 2030 » may be said « à
//! l'horizon 2030 » or « en 2030 », never « un budget de 2030 » nor « présenté le 2030 ».

use std::collections::{HashMap, HashSet};

use super::figures::{figure_spans, is_year};
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
            let (mut at, mut start) = (f.next - 1, f.end - f.written.len());
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

/// For each year of the source, the words it comes after (`2030` -> [a, ici]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Years(HashMap<String, HashSet<String>>);

impl Years {
    pub(super) fn new(sentences: &[String]) -> Self {
        let mut years: HashMap<String, HashSet<String>> = HashMap::new();
        for sentence in sentences {
            for (_, key, before) in year_contexts(sentence) {
                years.entry(key).or_default().extend(before);
            }
        }
        Self(years)
    }

    /// The source's years that `sentence` puts after none of the words the source puts them
    /// after (nor, where the source puts something by a year, after another such word), as
    /// written with the word before them.
    pub(super) fn misplaced(&self, sentence: &str) -> Vec<String> {
        year_contexts(sentence)
            .into_iter()
            .filter_map(|(written, key, before)| {
                let known = self.0.get(&key).filter(|k| !k.is_empty())?;
                let by = |w: &String| BY_YEAR.contains(&w.as_str());
                let placed = before.iter().any(|b| known.contains(b))
                    || known.iter().any(by) && before.iter().any(by);
                (!placed).then_some(written)
            })
            .collect()
    }
}
