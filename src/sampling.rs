//! Sampling: a `SamplingConfig` becomes a `Sampler`, built once before the loop, that applies
//! penalties to the logits and draws the next token with a seeded generator.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use candle_core::{Device, Tensor};
use candle_transformers::generation::{LogitsProcessor, Sampling};

/// How the next token is chosen. A fixed seed makes runs repeatable.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplingConfig {
    /// 0 means greedy decoding.
    pub temperature: f64,
    pub top_p: f64,
    /// 0 disables top-k.
    pub top_k: usize,
    /// Divides positive logits (multiplies negative ones) of recently seen tokens; 1 disables.
    pub repeat_penalty: f32,
    /// How many recent tokens the repeat penalty looks at.
    pub repeat_last_n: usize,
    pub seed: u64,
}

impl Default for SamplingConfig {
    fn default() -> Self {
        Self {
            temperature: 0.7,
            top_p: 0.9,
            top_k: 40,
            repeat_penalty: 1.15,
            repeat_last_n: 64,
            seed: 42,
        }
    }
}

impl SamplingConfig {
    pub fn greedy() -> Self {
        Self {
            temperature: 0.0,
            repeat_penalty: 1.0,
            ..Self::default()
        }
    }

    fn sampling(&self) -> Sampling {
        let temperature = self.temperature;
        match (temperature <= 0.0, self.top_k, self.top_p) {
            (true, _, _) => Sampling::ArgMax,
            (false, 0, p) if p >= 1.0 => Sampling::All { temperature },
            (false, 0, p) => Sampling::TopP { p, temperature },
            (false, k, p) if p >= 1.0 => Sampling::TopK { k, temperature },
            (false, k, p) => Sampling::TopKThenTopP { k, p, temperature },
        }
    }
}

/// Forbids continuing a verbatim copy of a reference text: once the last `n` generated tokens
/// equal `n` consecutive tokens of the reference, the token that followed them there is banned.
#[derive(Debug, Clone, Default)]
pub struct CopyGuard {
    n: usize,
    next: HashMap<Vec<u32>, HashSet<u32>>,
}

impl CopyGuard {
    pub fn new(reference: &[u32], n: usize) -> Self {
        let mut next: HashMap<Vec<u32>, HashSet<u32>> = HashMap::new();
        if n > 0 {
            for w in reference.windows(n + 1) {
                next.entry(w[..n].to_vec()).or_default().insert(w[n]);
            }
        }
        Self { n, next }
    }

    fn banned(&self, history: &[u32]) -> Option<&HashSet<u32>> {
        if self.n == 0 || history.len() < self.n {
            return None;
        }
        self.next.get(&history[history.len() - self.n..])
    }
}

pub struct Sampler {
    processor: LogitsProcessor,
    config: SamplingConfig,
    guard: Option<CopyGuard>,
}

impl Sampler {
    pub fn new(config: &SamplingConfig) -> Self {
        Self {
            processor: LogitsProcessor::from_sampling(config.seed, config.sampling()),
            config: config.clone(),
            guard: None,
        }
    }

    pub fn with_copy_guard(mut self, guard: CopyGuard) -> Self {
        self.guard = Some(guard);
        self
    }

    /// Draws the next token from `logits` (shape `(vocab,)`), given the tokens so far.
    pub fn sample(&mut self, logits: &Tensor, history: &[u32]) -> Result<u32> {
        let mut values: Vec<f32> = logits.to_dtype(candle_core::DType::F32)?.to_vec1()?;
        self.penalise(&mut values, history);
        let logits = Tensor::from_vec(values, logits.dims1()?, &Device::Cpu)?;
        Ok(self.processor.sample(&logits)?)
    }

    fn penalise(&self, values: &mut [f32], history: &[u32]) {
        let penalty = self.config.repeat_penalty;
        if penalty != 1.0 {
            let start = history.len().saturating_sub(self.config.repeat_last_n);
            let recent: HashSet<u32> = history[start..].iter().copied().collect();
            for id in recent {
                if let Some(v) = values.get_mut(id as usize) {
                    *v = if *v >= 0.0 {
                        *v / penalty
                    } else {
                        *v * penalty
                    };
                }
            }
        }
        if let Some(banned) = self.guard.as_ref().and_then(|g| g.banned(history)) {
            for id in banned {
                if let Some(v) = values.get_mut(*id as usize) {
                    *v = f32::NEG_INFINITY;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logits(v: &[f32]) -> Tensor {
        Tensor::new(v, &Device::Cpu).unwrap()
    }

    #[test]
    fn greedy_takes_the_largest_logit() {
        let mut s = Sampler::new(&SamplingConfig::greedy());
        assert_eq!(s.sample(&logits(&[0.1, 2.0, 1.0]), &[]).unwrap(), 1);
    }

    #[test]
    fn repeat_penalty_moves_greedy_away_from_a_recent_token() {
        let config = SamplingConfig {
            repeat_penalty: 2.0,
            ..SamplingConfig::greedy()
        };
        let mut s = Sampler::new(&config);
        assert_eq!(s.sample(&logits(&[0.1, 2.0, 1.5]), &[1]).unwrap(), 2);
    }

    #[test]
    fn copy_guard_bans_the_token_that_continues_the_reference() {
        let guard = CopyGuard::new(&[5, 6, 7, 1], 3);
        let mut s = Sampler::new(&SamplingConfig::greedy()).with_copy_guard(guard);
        // History ends with 5 6 7: token 1 would continue the copy.
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[5, 6, 7]).unwrap(), 2);
        // Another history is untouched.
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[4, 6, 7]).unwrap(), 1);
    }

    #[test]
    fn same_seed_same_draws() {
        let config = SamplingConfig {
            temperature: 1.0,
            ..SamplingConfig::default()
        };
        let l = logits(&[1.0, 1.1, 0.9, 1.05, 0.95]);
        let draw = |c: &SamplingConfig| {
            let mut s = Sampler::new(c);
            (0..20)
                .map(|_| s.sample(&l, &[]).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(&config), draw(&config));
        assert_ne!(
            draw(&config),
            draw(&SamplingConfig {
                seed: 7,
                ..config.clone()
            })
        );
    }
}
