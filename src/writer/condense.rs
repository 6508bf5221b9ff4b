//! A source too long for the model's context is condensed, never cut: its sentences are ranked
//! by the facts they carry (figures, names, the words the article is about) and the best kept,
//! in their original order, until they fit the budget. The lead always stays.

use anyhow::Result;

use crate::text;
use crate::text::{number_key, STOPWORDS};

/// The share of the context the source's sentences may take, all sections together: each
/// section's prompt holds its part of them, what is already written and what it generates.
pub const SOURCE_SHARE: f64 = 0.5;

/// The lead sentences kept whatever their rank.
const LEAD: usize = 2;

/// The sentences to write from, and a note when some were left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Condensed {
    pub sentences: Vec<String>,
    pub note: Option<String>,
}

/// Keeps the most informative of `sentences` within `budget` tokens, as counted by `tokens`.
pub fn condense(
    sentences: Vec<String>,
    budget: usize,
    context: usize,
    tokens: &dyn Fn(&str) -> Result<usize>,
) -> Result<Condensed> {
    let costs: Vec<usize> = sentences
        .iter()
        .map(|s| tokens(s).map(|n| n + 1))
        .collect::<Result<_>>()?;
    let total: usize = costs.iter().sum();
    if total <= budget {
        return Ok(Condensed {
            sentences,
            note: None,
        });
    }
    let topics = topic_words(&sentences);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let scores: Vec<f64> = sentences
        .iter()
        .zip(&costs)
        .map(|(s, &cost)| information(s, &topics) / (cost as f64).sqrt())
        .collect();
    order.sort_by(|&a, &b| {
        let lead = |i: usize| i < LEAD;
        lead(b)
            .cmp(&lead(a))
            .then(scores[b].total_cmp(&scores[a]))
            .then(a.cmp(&b))
    });
    let mut keep = vec![false; sentences.len()];
    let mut used = 0;
    for i in order {
        if used + costs[i] <= budget || used == 0 {
            keep[i] = true;
            used += costs[i];
        }
    }
    let kept: Vec<String> = sentences
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(s, _)| s.clone())
        .collect();
    let note = format!(
        "the source has {total} tokens, more than the {budget} the model's context of {context} \
         tokens leaves it (--context): condensed to its {} most informative sentences of {} \
         ({used} tokens); {} not used",
        kept.len(),
        sentences.len(),
        match sentences.len() - kept.len() {
            1 => "the other one is".to_string(),
            n => format!("the other {n} are"),
        }
    );
    Ok(Condensed {
        sentences: kept,
        note: Some(note),
    })
}

/// The indices of `sentences`, the most informative first (figures, names, recurring words,
/// per square root of length), ties in source order.
pub fn ranked(sentences: &[String]) -> Vec<usize> {
    let topics = topic_words(sentences);
    let scores: Vec<f64> = sentences
        .iter()
        .map(|s| information(s, &topics) / (text::word_count(s).max(1) as f64).sqrt())
        .collect();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

/// Content words that come back across the source: what it is about.
fn topic_words(sentences: &[String]) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    for sentence in sentences {
        for word in text::words(sentence) {
            let key = text::normalize(word);
            if key.chars().count() > 3 && !STOPWORDS.contains(&key.as_str()) {
                *counts.entry(key).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Figures count most, then names, then the source's recurring words.
fn information(sentence: &str, topics: &std::collections::HashMap<String, usize>) -> f64 {
    let words = text::words(sentence);
    let mut score = 0.0;
    for (i, word) in words.iter().enumerate() {
        if number_key(word).is_some() {
            score += 3.0;
        } else if i > 0 && word.chars().next().is_some_and(char::is_uppercase) {
            score += 2.0;
        } else if topics.get(&text::normalize(word)).is_some_and(|&n| n > 1) {
            score += 1.0;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Result<usize> {
        Ok(text::word_count(s))
    }

    #[test]
    fn a_source_that_fits_is_untouched() {
        let s = vec!["Une phrase courte.".to_string(), "Une autre.".to_string()];
        let c = condense(s.clone(), 100, 4096, &words).unwrap();
        assert_eq!(c.sentences, s);
        assert!(c.note.is_none());
    }

    #[test]
    fn the_lead_and_the_facts_stay_in_order() {
        let s: Vec<String> = [
            "La ville de Lyon ouvre une piste cyclable.",
            "Elle relie la gare au centre.",
            "Il faisait beau ce jour-là et tout le monde était content de sortir.",
            "Les travaux ont coûté 12 millions d'euros selon Grégory Doucet.",
            "On ne sait pas encore ce que les gens en pensent vraiment au fond.",
            "La piste mesure 4,5 kilomètres et ouvrira le 3 mars.",
        ]
        .map(String::from)
        .to_vec();
        let c = condense(s.clone(), 40, 64, &words).unwrap();
        assert_eq!(
            c.sentences,
            [&s[0], &s[1], &s[3], &s[5]].map(String::clone),
            "{:?}",
            c.note
        );
        let note = c.note.unwrap();
        assert!(note.contains("4 most informative sentences of 6"), "{note}");
        assert!(note.contains("context of 64"), "{note}");
    }
}
