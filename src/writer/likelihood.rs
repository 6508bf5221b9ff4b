//! The model's own likelihood of the sentences it wrote: each sentence's mean
//! log-probability per token under the prompt it was written from, and the floor below which
//! the gate refuses it as garbled.
//!
//! Read beside their sources (rugby and velo, seed 1: 54 sentences that passed every other
//! rule), the sentences under -1.0 nats a token were 22 wrong or garbled and 2 sound; those
//! above, 10 wrong and 20 sound. What the rules cannot see — the source's words put together
//! into a claim it does not make, a verb that does not agree — the model writes haltingly.

use super::filter::Rejection;
use crate::engine::Generation;

/// The mean log-probability per token the model gave each of `sentences`, found in order in
/// the generation's text (`None` for one not found there, or from an engine that does not
/// say).
pub(super) fn sentence_logprobs(generation: &Generation, sentences: &[String]) -> Vec<Option<f32>> {
    let mut from = 0;
    sentences
        .iter()
        .map(|sentence| {
            let rest = generation.text.get(from..)?;
            // A sentence cut short before a clause ends on a full stop the model never wrote.
            let (at, len) = match rest.find(sentence.as_str()) {
                Some(at) => (at, sentence.len()),
                None => {
                    let said = sentence.strip_suffix('.')?;
                    (rest.find(said)?, said.len())
                }
            };
            let at = from + at;
            from = at + len;
            generation.mean_logprob(at..from)
        })
        .collect()
}

/// Where a sentence's mean log-probability counts for nothing in a candidate's rank: read
/// beside their sources, the passed sentences over -0.8 nats a token were two thirds sound
/// (23 of 34), those from -1.0 to -0.8 two fifths (12 of 30).
const NEUTRAL_LOGPROB: f32 = -0.8;

/// What the model's likelihood adds to a candidate's rank: the mean over its `logprobs`
/// (the sentences it would give) above or below `NEUTRAL_LOGPROB`, or nothing from an
/// engine that does not say.
pub(super) fn rank_bonus(logprobs: &[Option<f32>]) -> f64 {
    let known: Vec<f32> = logprobs.iter().flatten().copied().collect();
    match known.len() {
        0 => 0.0,
        n => (known.iter().sum::<f32>() / n as f32 - NEUTRAL_LOGPROB) as f64,
    }
}

/// The first of the sentences whose `logprobs` fall below `floor`, and the gate's reason.
pub(super) fn first_unlikely(logprobs: &[Option<f32>], floor: f32) -> Option<(usize, Rejection)> {
    logprobs.iter().enumerate().find_map(|(at, l)| {
        let l = l.filter(|l| *l < floor)?;
        Some((at, Rejection::Unlikely((l * 100.0).round() as i32)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{GenerationStats, PieceLikelihood};

    fn generation(pieces: &[(&str, f32)]) -> Generation {
        let mut text = String::new();
        let mut likelihood = Vec::new();
        for (piece, logprob) in pieces {
            text.push_str(piece);
            likelihood.push(PieceLikelihood {
                end: text.len(),
                logprob: *logprob,
                tokens: 1,
            });
        }
        Generation {
            text,
            ended: false,
            stats: GenerationStats::default(),
            likelihood,
        }
    }

    #[test]
    fn each_sentence_is_scored_on_its_own_tokens() {
        let g = generation(&[
            (" Le", -0.5),
            (" plan", -1.5),
            (".", -0.1),
            (" Il", -3.0),
            (" ont", -4.0),
            (".", -2.0),
        ]);
        let sentences = ["Le plan.".to_string(), "Il ont.".to_string()];
        let logprobs = sentence_logprobs(&g, &sentences);
        assert!((logprobs[0].unwrap() + 0.7).abs() < 1e-6);
        assert!((logprobs[1].unwrap() + 3.0).abs() < 1e-6);
        // A sentence the text does not hold has no score, and is not refused for it.
        assert_eq!(sentence_logprobs(&g, &["Autre.".to_string()]), vec![None]);
        assert_eq!(
            first_unlikely(&logprobs, -1.0),
            Some((1, Rejection::Unlikely(-300)))
        );
        assert_eq!(first_unlikely(&logprobs, -3.5), None);
        assert_eq!(first_unlikely(&logprobs, f32::NEG_INFINITY), None);
        assert_eq!(first_unlikely(&[None, Some(-2.0)], -1.0).unwrap().0, 1);
    }

    #[test]
    fn the_likelier_candidate_ranks_higher() {
        assert!((rank_bonus(&[Some(-0.5), Some(-0.7)]) - 0.2).abs() < 1e-6);
        assert!(rank_bonus(&[Some(-0.95)]) < 0.0);
        assert_eq!(rank_bonus(&[None, None]), 0.0);
        assert_eq!(rank_bonus(&[]), 0.0);
    }

    #[test]
    fn an_engine_that_does_not_say_leaves_every_sentence_unscored() {
        let mut g = generation(&[(" Le", -9.0), (" plan", -9.0), (".", -9.0)]);
        g.likelihood.clear();
        let logprobs = sentence_logprobs(&g, &["Le plan.".to_string()]);
        assert_eq!(logprobs, vec![None]);
        assert_eq!(first_unlikely(&logprobs, -1.0), None);
    }
}
