//! Quotations opened where the source opens them: a determiner right before a quotation the
//! source opens after a noun drops that noun (« dénonçant un « fondé sur… » »).

use super::Grammar;
use crate::text::{normalize, words};

/// Each quotation of `text` (« … » or “…”): the word right before its opening mark, if
/// any, and its first word.
pub(super) fn quotation_openings(text: &str) -> Vec<(Option<&str>, &str)> {
    text.match_indices(['«', '“'])
        .filter_map(|(at, mark)| {
            let first = words(&text[at + mark.len()..]).into_iter().next()?;
            let before = words(&text[..at]).into_iter().next_back();
            Some((before, first))
        })
        .collect()
}

impl Grammar {
    /// A determiner right before a quotation that the source opens after a noun, never
    /// after a determiner: « dénonçant un « fondé sur des témoignages fragiles » » (procès
    /// seed 3 at this stop) drops the « dossier » the source's « un dossier « fondé … » »
    /// quotes of.
    pub fn quoted_noun_dropped(&self, sentence: &str) -> Option<String> {
        quotation_openings(sentence)
            .into_iter()
            .find_map(|(before, first)| {
                let before = before?;
                let determiner = crate::text::DETERMINERS.contains(&normalize(before).as_str());
                let source = self
                    .quote_after_determiner
                    .get(&crate::text::word_key(first));
                (determiner && source == Some(&false)).then(|| format!("{before} « {first}"))
            })
    }
}
