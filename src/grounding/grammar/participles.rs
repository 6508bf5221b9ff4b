//! Participles in « -é » written right after a word, agreeing as the source has them agree
//! there: « un plan de 120 millions d'euros, destinée à doubler » for « destiné ».

use super::Grammar;
use crate::text::{normalize, words};

/// A participle in « -é » (or a word written so) as its masculine singular (its
/// `participle_key`), with its gender and number: « destinée » is `("destiné", "fs")`.
fn e_participle(word: &str) -> Option<(String, &'static str)> {
    let w = normalize(word);
    let base = crate::grounding::tense::participle_key(&w);
    if !base.ends_with('é') || base.chars().count() < 4 {
        return None;
    }
    let tag = match (w.ends_with('s'), w.trim_end_matches('s').ends_with("ée")) {
        (true, true) => "fp",
        (true, false) => "mp",
        (false, true) => "fs",
        (false, false) => "ms",
    };
    Some((base, tag))
}

/// Each word of `ws` followed by a participle in « -é », no auxiliary nor function word, as
/// its `word_key`, with the participle's masculine singular and its gender and number.
pub(super) fn participles_after(ws: &[&str]) -> Vec<((String, String), &'static str, usize)> {
    (1..ws.len())
        .filter_map(|i| {
            let before = normalize(ws[i - 1]);
            if crate::text::is_stopword(&before)
                || crate::seo::readability::ETRE.contains(&before.as_str())
                || crate::seo::readability::AVOIR.contains(&before.as_str())
                || before == "été"
            {
                return None;
            }
            let (base, tag) = e_participle(ws[i])?;
            Some(((crate::text::word_key(ws[i - 1]), base), tag, i))
        })
        .collect()
}

impl Grammar {
    /// A participle in « -é » right after the word the source writes it after, in another
    /// gender or number than the source gives it there: « un plan de 120 millions d'euros,
    /// destinée à doubler la place du vélo » (velo's quick start at this stop) for « un plan
    /// de 120 millions d'euros destiné à doubler ».
    pub fn participle_disagrees(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        participles_after(&ws)
            .into_iter()
            .find_map(|(key, tag, i)| {
                let given = self.agreed.get(&key)?;
                (!given.contains(tag)).then(|| format!("{} {}", ws[i - 1], ws[i]))
            })
    }
}
