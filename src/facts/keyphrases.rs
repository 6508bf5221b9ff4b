//! The source's key phrases: runs of one to three words inside a clause, ranked by
//! frequency, length and an early mention, the focus keyphrase first.

use std::collections::HashMap;

use crate::text::{is_stopword, normalize, strip_elision, word_key, words};

/// Stopwords that may sit inside a key phrase (`fabrication de puces`).
const JOINERS: &[&str] = &["de", "des", "du", "d'", "à", "en"];

/// Whether `word` says a quantity, not a topic: a figure written out (« cinq ») or a measure
/// (« ans » in « quatre ans de prison », « cinq ans d'inéligibilité » and « 58 ans » is said
/// often, and is no topic).
fn is_quantity(word: &str) -> bool {
    super::figures::MEASURES.contains(&word_key(word).as_str()) || !super::figures(word).is_empty()
}

fn is_participle(word: &str) -> bool {
    let w = normalize(word);
    let stem = w.trim_end_matches('s');
    (stem.ends_with('é') || stem.ends_with("ée")) && !stem.ends_with("té") && !stem.ends_with("tée")
}

/// Single lower-case words with the endings of French verb forms (`prévoit`, `reliant`,
/// `présenté`), which make poor keywords.
fn looks_like_verb(word: &str) -> bool {
    let w = normalize(word);
    is_participle(&w)
        || ["ant", "oit", "ait", "aient", "ont", "ira", "era"]
            .iter()
            .any(|e| w.ends_with(e))
}

/// Candidate key phrases: runs of one to three words inside a clause that neither start nor
/// end with a stopword, scored by frequency, length and an early mention.
pub(super) fn key_phrases(sentences: &[String]) -> Vec<String> {
    let mut scores: HashMap<String, (f64, String, usize)> = HashMap::new();
    for (s_idx, sentence) in sentences.iter().enumerate() {
        for clause in sentence.split([',', ';', ':', '(', ')', '«', '»', '"', '–', '—']) {
            let ws = words(clause);
            for n in 1..=3 {
                for (start, gram) in ws.windows(n).enumerate() {
                    let first = gram[0];
                    let last = gram[n - 1];
                    let ok_edges = !is_stopword(first)
                        && !is_stopword(last)
                        && strip_elision(first) == first
                        && !is_participle(first)
                        && !is_participle(last)
                        && !is_quantity(first)
                        && !is_quantity(last)
                        && gram.iter().all(|w| {
                            !w.chars().any(|c| c.is_ascii_digit()) && w.chars().count() > 2
                                || is_stopword(w)
                        })
                        && gram.iter().filter(|w| is_stopword(w)).count() <= 1
                        && gram
                            .iter()
                            .all(|w| !is_stopword(w) || JOINERS.contains(&normalize(w).as_str()));
                    let all_capital = gram
                        .iter()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                    let sentence_initial =
                        start == 0 && sentence.trim_start().starts_with(clause.trim_start());
                    if !ok_edges
                        || (sentence_initial
                            && first.chars().next().is_some_and(char::is_uppercase)
                            && !all_capital)
                    {
                        continue;
                    }
                    let key: Vec<String> = gram.iter().map(|w| word_key(w)).collect();
                    let key = key.join(" ");
                    let entry = scores.entry(key).or_insert((0.0, gram.join(" "), s_idx));
                    entry.0 += 1.0;
                }
            }
        }
    }
    let mut ranked: Vec<(f64, String, String)> = scores
        .into_iter()
        .filter(|(_, (count, _, _))| *count >= 2.0)
        .map(|(key, (count, display, first))| {
            let n = key.split(' ').count() as f64;
            let length = [0.0, 1.0, 1.9, 2.4][n as usize];
            let early = if first < 2 { 1.5 } else { 1.0 };
            let names = display
                .split(' ')
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            let topical = if names { 0.6 } else { 1.0 };
            (count * length * early * topical, key, display)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    // Drop phrases contained in a better-ranked one.
    let mut kept: Vec<(String, String)> = Vec::new();
    for (_, key, display) in ranked {
        if kept
            .iter()
            .any(|(k, _)| k.contains(&key) || key.contains(k.as_str()))
        {
            continue;
        }
        kept.push((key, display));
    }
    let phrases: Vec<String> = kept
        .into_iter()
        .map(|(_, display)| display)
        .filter(|d| {
            d.contains(' ')
                || d.chars().next().is_some_and(char::is_uppercase)
                || !looks_like_verb(d)
        })
        .collect();
    // A lone word that may be an adjective, and that the source never uses as a noun, goes
    // after the others: a keyword still, never the focus keyphrase that opens the headline
    // (« publics », of « fonds publics » and « travaux publics », was proces-marseille's
    // keyphrase, and every heading opened « Publics : »).
    let nouns = crate::text::nouns(sentences.iter().map(String::as_str));
    let (topics, others): (Vec<String>, Vec<String>) = phrases.into_iter().partition(|d| {
        d.contains(' ')
            || d.chars().next().is_some_and(char::is_uppercase)
            || !crate::lexicon::takes_a_feminine(&normalize(d))
            || nouns.contains(&word_key(d))
    });
    topics.into_iter().chain(others).collect()
}
