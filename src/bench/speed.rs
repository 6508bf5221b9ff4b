//! Prompt processing and text generation speed, measured as llama.cpp's llama-bench does:
//! random tokens, a warmup run, then repetitions; pp from an empty cache in one batch (split
//! in chunks of 512), tg one token at a time from an empty cache, end-of-sequence ignored, no
//! tokenization or sampling in the timed region, the device synchronised before the clock
//! stops.

use std::time::Instant;

use anyhow::Result;
use candle_core::Device;
use serde::{Deserialize, Serialize};

use crate::model::Model;

/// Prompt chunks, as llama-bench's default micro-batch.
const PREFILL_CHUNK: usize = 512;

/// One test: `pp512` processes a 512-token prompt, `tg128` generates 128 tokens, `tg128x4`
/// generates 128 tokens on each of 4 branches decoded side by side (as the writer's
/// candidates are), counting the tokens of all four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpeedTest {
    Prompt(usize),
    Generate(usize),
    Branches(usize, usize),
}

impl SpeedTest {
    pub fn name(&self) -> String {
        match self {
            Self::Prompt(n) => format!("pp{n}"),
            Self::Generate(n) => format!("tg{n}"),
            Self::Branches(n, k) => format!("tg{n}x{k}"),
        }
    }

    pub fn tokens(&self) -> usize {
        match self {
            Self::Prompt(n) | Self::Generate(n) => *n,
            Self::Branches(n, k) => n * k,
        }
    }
}

/// The timings of one test's repetitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeedSamples {
    pub test: SpeedTest,
    /// Seconds of each repetition (warmup excluded).
    pub seconds: Vec<f64>,
    /// For prompt tests: seconds from the start of the prompt to the first token chosen
    /// (the prompt, then an argmax over the logits), per repetition.
    pub first_token_seconds: Vec<f64>,
    /// Only the logits of tokens written in Latin script were computed, as `write` asks.
    #[serde(default)]
    pub latin_only: bool,
}

impl SpeedSamples {
    /// The test's name, `tg128 latin` when only Latin-script logits were computed.
    pub fn name(&self) -> String {
        match self.latin_only {
            true => format!("{} latin", self.test.name()),
            false => self.test.name(),
        }
    }

    pub fn tokens_per_second(&self) -> Vec<f64> {
        let n = self.test.tokens() as f64;
        self.seconds.iter().map(|s| n / s).collect()
    }
}

/// Mean and sample standard deviation.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = match values.len() {
        1 => 0.0,
        _ => (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt(),
    };
    (mean, sd)
}

/// Deterministic pseudo-random token ids in `1..vocab` (a fixed LCG: the same runs compare).
pub fn random_tokens(count: usize, vocab: usize) -> Vec<u32> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (1 + (state >> 33) % (vocab as u64 - 1)) as u32
        })
        .collect()
}

fn run_once(
    model: &mut Model,
    device: &Device,
    test: SpeedTest,
    ids: &[u32],
) -> Result<(f64, f64)> {
    model.clear_cache();
    match test {
        SpeedTest::Prompt(n) => {
            let started = Instant::now();
            let mut logits = None;
            let mut position = 0;
            for chunk in ids[..n].chunks(PREFILL_CHUNK) {
                logits = Some(model.forward(chunk, position)?);
                position += chunk.len();
            }
            device.synchronize()?;
            let prompt = started.elapsed().as_secs_f64();
            let logits = logits.expect("a prompt test has tokens");
            let _first = logits.argmax(0)?.to_scalar::<u32>()?;
            Ok((prompt, started.elapsed().as_secs_f64()))
        }
        SpeedTest::Generate(n) => {
            let started = Instant::now();
            for (position, id) in ids[..n].iter().enumerate() {
                model.forward(&[*id], position)?;
            }
            device.synchronize()?;
            let seconds = started.elapsed().as_secs_f64();
            Ok((seconds, seconds))
        }
        SpeedTest::Branches(n, k) => {
            // One token of prompt, then `k` branches of `n` tokens each, side by side.
            model.forward(&ids[..1], 0)?;
            let of: Vec<usize> = (0..k).collect();
            let started = Instant::now();
            for (step, tokens) in ids.chunks_exact(k).take(n).enumerate() {
                let positions = vec![1 + step; k];
                model.forward_branches(tokens, &of, &positions, n, &mut |_, _| Ok(()))?;
            }
            device.synchronize()?;
            let seconds = started.elapsed().as_secs_f64();
            Ok((seconds, seconds))
        }
    }
}

/// Runs `test` once to warm up, then `repetitions` times.
pub fn measure(
    model: &mut Model,
    device: &Device,
    vocab: usize,
    test: SpeedTest,
    repetitions: usize,
    latin_only: bool,
) -> Result<SpeedSamples> {
    let needed = test.tokens();
    let positions = match test {
        SpeedTest::Branches(n, _) => n + 1,
        _ => needed,
    };
    anyhow::ensure!(
        needed > 0 && positions < model.max_positions(),
        "{} needs {needed} positions; the model holds {} (raise --context)",
        test.name(),
        model.max_positions()
    );
    let ids = random_tokens(needed, vocab);
    let latin_only = model.set_latin_only(latin_only);
    run_once(model, device, test, &ids)?;
    let mut samples = SpeedSamples {
        test,
        seconds: Vec::with_capacity(repetitions),
        first_token_seconds: Vec::new(),
        latin_only,
    };
    for _ in 0..repetitions {
        let (seconds, first) = run_once(model, device, test, &ids)?;
        samples.seconds.push(seconds);
        if matches!(test, SpeedTest::Prompt(_)) {
            samples.first_token_seconds.push(first);
        }
    }
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics() {
        let (mean, sd) = mean_sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(mean, 5.0);
        assert!((sd - 2.138_089_935).abs() < 1e-6, "{sd}");
        assert_eq!(mean_sd(&[3.0]), (3.0, 0.0));
    }

    #[test]
    fn tokens_are_in_range_and_repeatable() {
        let a = random_tokens(1000, 50);
        assert!(a.iter().all(|&t| (1..50).contains(&t)));
        assert_eq!(a, random_tokens(1000, 50));
        assert!(a.iter().collect::<std::collections::HashSet<_>>().len() > 40);
        assert_eq!(SpeedTest::Prompt(512).name(), "pp512");
        assert_eq!(SpeedTest::Generate(128).name(), "tg128");
        assert_eq!(SpeedTest::Branches(128, 4).name(), "tg128x4");
        assert_eq!(SpeedTest::Branches(128, 4).tokens(), 512);
    }
}
