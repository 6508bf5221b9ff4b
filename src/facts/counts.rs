//! What the word after a figure may be while it is written: what the source counts with that
//! figure (`250 kilo…`, never `250 pistes`), so that the word guard refuses the token that
//! would doom the sentence rather than the gate the finished sentence.

use std::collections::HashMap;
use std::sync::Mutex;

use super::figures::{may_become, may_hold_figure, pending_units, NOT_UNITS, QUALIFIERS};
use super::Facts;
use crate::text::{fold_accents, normalize, strip_elision, word_key};

/// Words looked back over for a figure: `15 000`, a multiplier and a `de`, and more.
const BACK: usize = 6;

/// A figure waiting for what it counts: its key and the units written after it so far.
type Pending = Option<(String, Vec<String>)>;

/// The source's figures and what each counts, for the word guard (`sampling::Counts`).
#[derive(Debug)]
pub struct FigureCounts {
    /// For each figure of the source, what it counts each time it is written.
    units: HashMap<String, Vec<Vec<String>>>,
    /// Words that end what a figure counts (function words and `NOT_UNITS`), folded.
    enders: Vec<String>,
    /// The last words asked about and the figure they leave waiting: every token of one
    /// step is asked about after the same words.
    last: Mutex<(Vec<String>, Pending)>,
}

impl FigureCounts {
    pub fn new(facts: &Facts) -> Self {
        let enders = crate::text::STOPWORDS
            .iter()
            .map(|w| fold_accents(w))
            .chain(NOT_UNITS.iter().map(|w| w.to_string()))
            .collect();
        Self {
            units: facts.units.clone(),
            enders,
            last: Mutex::new((Vec::new(), None)),
        }
    }

    /// The figure that the words `tail` leave waiting for what it counts, if any.
    fn pending(&self, tail: &[&str]) -> Pending {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.0.iter().map(String::as_str).ne(tail.iter().copied()) {
            let pending = pending_units(&tail.join(" "));
            *last = (tail.iter().map(|w| w.to_string()).collect(), pending);
        }
        last.1.clone()
    }

    /// Whether `open` (folded) can still become a word that ends what a figure counts, and
    /// whether one passed over (`de`, `nouvelles`).
    fn may_end_or_pass(&self, open: &str) -> (bool, bool) {
        let key = word_key(open);
        let may_be = |w: &str| w.starts_with(open) || w == key;
        let ends = self.enders.iter().any(|w| may_be(w));
        let passes = may_be("de") || QUALIFIERS.iter().any(|q| may_be(q));
        (ends, passes)
    }
}

impl crate::sampling::Counts for FigureCounts {
    /// Whether `open`, a lowercase word being written after the words `preceding` (those of
    /// its sentence so far), may still say what a figure counts as the source says it: right
    /// after one of the source's figures it must begin what the source counts with it, or
    /// a word passed over (`de`, `nouvelles`), or a function word where the source too writes
    /// the figure without saying what it counts. What `Facts::misattributed_so_far` would
    /// refuse once the word is written, refused as it is written.
    fn may_count(&self, preceding: &[&str], open: &str) -> bool {
        let tail = &preceding[preceding.len().saturating_sub(BACK)..];
        let near_figure = tail
            .iter()
            .rev()
            .take(3)
            .any(|w| may_hold_figure(w.trim_matches(|c: char| !c.is_alphanumeric())));
        // Marks (`%`, `€`, `,`) are judged as the figure's by the gate once written.
        if !near_figure || !open.chars().any(char::is_alphabetic) {
            return true;
        }
        let Some((key, units)) = self.pending(tail) else {
            return true;
        };
        // A figure the source lacks is refused as one; one it never says what it counts of
        // may count anything.
        let Some(known) = self
            .units
            .get(&key)
            .filter(|k| !k.iter().all(Vec::is_empty))
        else {
            return true;
        };
        let folded = fold_accents(&normalize(strip_elision(open)));
        let open = folded.trim_end_matches(['\'', '’']);
        let (ends, passes) = self.may_end_or_pass(open);
        let said_so_far = |seq: &Vec<String>| seq.starts_with(&units);
        let ended_well = match units.is_empty() {
            true => known.iter().any(Vec::is_empty),
            false => known.iter().any(said_so_far),
        };
        open.is_empty()
            || passes
            || (ends && ended_well)
            || known.iter().any(|seq| {
                said_so_far(seq)
                    && seq
                        .get(units.len())
                        .is_some_and(|unit| may_become(open, unit))
            })
    }
}
