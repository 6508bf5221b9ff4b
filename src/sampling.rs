//! Sampling: a `SamplingConfig` becomes a `Sampler`, built once before the loop, that applies
//! penalties to the logits and draws the next token with a seeded generator.

use std::collections::HashMap;

use anyhow::Result;
use candle_core::{DType, Storage, Tensor};

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
}

/// How far down the logits the sampler looks for an allowed token when none of the best is.
const WIDER_SEARCH: usize = 2048;

mod copy_guard;
mod softmax;
mod word_guard;

pub use copy_guard::{CopyGuard, Units};
pub use softmax::log_probability;
pub use word_guard::{Verdict, Vocabulary, WordGuard};

pub struct Sampler {
    config: SamplingConfig,
    guard: Option<CopyGuard>,
    /// The copy guard waits while a name or figure is being finished (see
    /// `WordGuard::within`).
    copy_paused: bool,
    /// Added to these tokens' logits (after penalties): a lean toward some vocabulary.
    bias: HashMap<u32, f32>,
    rng: SplitMix64,
    /// Candidates of the current draw (id, logit), reused from token to token.
    candidates: Vec<(u32, f32)>,
    /// The log-probability the model gave the last token drawn (see `log_probability`),
    /// when asked for: `None` leaves the work undone.
    last_logprob: Option<f32>,
}

/// A small seeded generator (SplitMix64): the same seed gives the same draws on every machine.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl Sampler {
    pub fn new(config: &SamplingConfig) -> Self {
        Self {
            config: config.clone(),
            guard: None,
            copy_paused: false,
            bias: HashMap::new(),
            rng: SplitMix64(config.seed),
            candidates: Vec::new(),
            last_logprob: None,
        }
    }

    /// The log-probability the model's own distribution gave the last token drawn, before
    /// penalties, bias, guards and temperature (nats); `None` unless `with_likelihood`.
    pub fn last_logprob(&self) -> Option<f32> {
        self.last_logprob
    }

    /// Keeps the log-probability of each token drawn (a pass over the logits each token).
    pub fn with_likelihood(mut self, keep: bool) -> Self {
        self.last_logprob = keep.then_some(0.0);
        self
    }

    pub fn with_copy_guard(mut self, guard: CopyGuard) -> Self {
        self.guard = Some(guard);
        self
    }

    /// Holds the copy guard back for the next draws (`true`) or lets it ban again.
    pub fn pause_copy_guard(&mut self, paused: bool) {
        self.copy_paused = paused;
    }

    /// Adds `bias` to the logit of each of `tokens`.
    pub fn with_bias(mut self, tokens: &[u32], bias: f32) -> Self {
        if bias != 0.0 {
            self.bias = tokens.iter().map(|&t| (t, bias)).collect();
        }
        self
    }

    /// Draws the next token from `logits` (shape `(vocab,)`), given the tokens so far. The
    /// logits are read once, in place: the `k` best (after penalties) are kept, then
    /// temperature, top-p and the draw work on those alone.
    pub fn sample(&mut self, logits: &Tensor, history: &[u32]) -> Result<u32> {
        self.sample_where(logits, history, None)
    }

    /// `sample` among the tokens `allowed` accepts (see `sample_values`).
    pub fn sample_where(
        &mut self,
        logits: &Tensor,
        history: &[u32],
        allowed: Option<&dyn Fn(u32) -> Verdict>,
    ) -> Result<u32> {
        let owned;
        let (storage, layout) = logits.storage_and_layout();
        let in_place = match (&*storage, layout.contiguous_offsets()) {
            (Storage::Cpu(cpu), Some((a, b))) => cpu.as_slice::<f32>().ok().map(|v| &v[a..b]),
            _ => None,
        };
        let values: &[f32] = match in_place {
            Some(v) => v,
            None => {
                owned = logits.to_dtype(DType::F32)?.to_vec1::<f32>()?;
                &owned
            }
        };
        self.sample_values(values, history, allowed)
    }

    /// Draws the next token from the logits `values`, given the tokens so far, among the
    /// tokens `allowed` does not refuse (all of them when it refuses all of the best). The
    /// unwanted ones are left out where an allowed one is among the best.
    pub fn sample_values(
        &mut self,
        values: &[f32],
        history: &[u32],
        allowed: Option<&dyn Fn(u32) -> Verdict>,
    ) -> Result<u32> {
        let id = self.draw(values, history, allowed)?;
        if let Some(last) = &mut self.last_logprob {
            *last = log_probability(values, id);
        }
        Ok(id)
    }

    fn draw(
        &mut self,
        values: &[f32],
        history: &[u32],
        allowed: Option<&dyn Fn(u32) -> Verdict>,
    ) -> Result<u32> {
        // Penalties only lower logits: taking `k + (tokens penalised)` by raw value first,
        // then penalising, never misses one of the `k` best after penalties.
        let adjusted = self.adjustments(values, history);
        let greedy = self.config.temperature <= 0.0;
        let k = match (greedy, self.config.top_k) {
            (true, _) => 1,
            (false, 0) => values.len(),
            (false, k) => k.min(values.len()),
        };
        top_k(values, k + adjusted.len(), &mut self.candidates);
        // A raised token may rank in the `k` best without being there by raw value.
        for &id in self.bias.keys() {
            if (id as usize) < values.len() && !self.candidates.iter().any(|(c, _)| *c == id) {
                self.candidates.push((id, values[id as usize]));
            }
        }
        for (id, v) in self.candidates.iter_mut() {
            if let Some(a) = adjusted.get(id) {
                *v = *a;
            }
            if let Some(b) = self.bias.get(id) {
                *v += b;
            }
        }
        self.candidates
            .sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        if let Some(allowed) = allowed {
            // The `k` best that are not refused, judged best first (so only as many as needed).
            let mut kept = Vec::with_capacity(k);
            for &(id, v) in &self.candidates {
                if kept.len() == k {
                    break;
                }
                if v.is_finite() {
                    match allowed(id) {
                        Verdict::Refused => {}
                        verdict => kept.push((id, v, verdict)),
                    }
                }
            }
            if kept.is_empty() {
                // None of the best is allowed: look further down before giving up the guard.
                let mut wider = Vec::new();
                top_k(values, WIDER_SEARCH.min(values.len()), &mut wider);
                kept.extend(
                    wider
                        .into_iter()
                        .filter(|&(_, v)| v.is_finite())
                        .map(|(id, v)| (id, adjusted.get(&id).copied().unwrap_or(v)))
                        .filter(|(_, v)| v.is_finite())
                        .filter_map(|(id, v)| match allowed(id) {
                            Verdict::Refused => None,
                            verdict => Some((id, v, verdict)),
                        })
                        .take(k),
                );
            }
            // An unwanted word is left out while an allowed one is among the best; when none
            // is, the model's own word is written (and its sentence refused by the gate), as
            // forcing one from far down writes worse.
            if kept
                .iter()
                .any(|&(_, _, verdict)| verdict == Verdict::Allowed)
            {
                kept.retain(|&(_, _, verdict)| verdict == Verdict::Allowed);
            }
            if !kept.is_empty() {
                self.candidates = kept.into_iter().map(|(id, v, _)| (id, v)).collect();
            }
        }
        self.candidates.truncate(k);
        anyhow::ensure!(!self.candidates.is_empty(), "no logits to sample from");
        if greedy {
            return Ok(self.candidates[0].0);
        }
        let t = self.config.temperature as f32;
        let max = self.candidates[0].1;
        let mut probs: Vec<f64> = self
            .candidates
            .iter()
            .map(|(_, v)| (((v - max) / t) as f64).exp())
            .collect();
        let total: f64 = probs.iter().sum();
        // Top-p: the smallest set of the best tokens holding at least `p` of the probability.
        let mut kept = probs.len();
        if self.config.top_p < 1.0 {
            let mut cumulative = 0.0;
            for (i, p) in probs.iter().enumerate() {
                cumulative += p / total;
                if cumulative >= self.config.top_p {
                    kept = i + 1;
                    break;
                }
            }
        }
        probs.truncate(kept);
        let total: f64 = probs.iter().sum();
        let mut target = self.rng.next_f64() * total;
        for (i, p) in probs.iter().enumerate() {
            if target < *p {
                return Ok(self.candidates[i].0);
            }
            target -= p;
        }
        Ok(self.candidates[kept - 1].0)
    }

    /// The logits penalties change: repeated tokens lowered, banned ones at -inf.
    fn adjustments(&self, values: &[f32], history: &[u32]) -> HashMap<u32, f32> {
        let mut adjusted = HashMap::new();
        let penalty = self.config.repeat_penalty;
        if penalty != 1.0 {
            let start = history.len().saturating_sub(self.config.repeat_last_n);
            for id in &history[start..] {
                if let Some(v) = values.get(*id as usize) {
                    let v = if *v >= 0.0 { v / penalty } else { v * penalty };
                    adjusted.insert(*id, v);
                }
            }
        }
        let guard = self.guard.as_ref().filter(|_| !self.copy_paused);
        if let Some(guard) = guard {
            let (full, early) = guard.banned_now(history);
            for id in full.into_iter().chain(early).flatten() {
                if (*id as usize) < values.len() {
                    adjusted.insert(*id, f32::NEG_INFINITY);
                }
            }
        }
        adjusted
    }
}

/// The `k` largest values (with their ids, ties to the lower id), in one pass over `values`
/// that skips every block of 16 whose largest is below the current `k`-th.
fn top_k(values: &[f32], k: usize, out: &mut Vec<(u32, f32)>) {
    out.clear();
    let k = k.min(values.len());
    if k == 0 {
        return;
    }
    // `out` is kept sorted by value, largest first, at most `k` long.
    let full_above = |out: &Vec<(u32, f32)>, v: f32| out.len() == k && v <= out[k - 1].1;
    let consider = |id: usize, v: f32, out: &mut Vec<(u32, f32)>| {
        if full_above(out, v) {
            return;
        }
        let at = out.partition_point(|(_, x)| *x >= v);
        out.insert(at, (id as u32, v));
        out.truncate(k);
    };
    const BLOCK: usize = 16;
    let blocks = values.chunks_exact(BLOCK);
    let rest = blocks.remainder();
    for (b, chunk) in blocks.enumerate() {
        let largest = chunk.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if full_above(out, largest) {
            continue;
        }
        for (i, v) in chunk.iter().enumerate() {
            consider(b * BLOCK + i, *v, out);
        }
    }
    let base = values.len() - rest.len();
    for (i, v) in rest.iter().enumerate() {
        consider(base + i, *v, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use candle_core::Device;

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
    fn a_bias_lifts_a_token_from_outside_the_best() {
        let config = SamplingConfig {
            top_k: 1,
            ..SamplingConfig::default()
        };
        let mut s = Sampler::new(&config).with_bias(&[0], 3.0);
        // Token 0 is last by raw logit, first once raised.
        assert_eq!(s.sample(&logits(&[0.0, 2.0, 1.0]), &[]).unwrap(), 0);
    }

    #[test]
    fn copy_guard_bans_the_token_that_continues_the_reference() {
        let guard = CopyGuard::new(&[5, 6, 7, 1], 3);
        let mut s = Sampler::new(&SamplingConfig::greedy()).with_copy_guard(guard);
        // History ends with 5 6 7: token 1 would continue the copy.
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[5, 6, 7]).unwrap(), 2);
        // Another history is untouched.
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[4, 6, 7]).unwrap(), 1);
        // A spared token (a figure, a name) is never banned.
        let guard = CopyGuard::sparing(&[5, 6, 7, 1], 3, |_, id| id == 1);
        let mut s = Sampler::new(&SamplingConfig::greedy()).with_copy_guard(guard);
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[5, 6, 7]).unwrap(), 1);
    }

    #[test]
    fn the_copy_guard_lets_a_word_finish_and_breaks_the_copy_at_the_next() {
        // Token 1 goes on with the word token 7 began (« ail » then « ier »): spared there,
        // the copy is broken one token later, at token 2.
        let guard =
            CopyGuard::sparing(&[5, 6, 7, 1, 2], 3, |previous, id| previous == 7 && id == 1);
        let mut s = Sampler::new(&SamplingConfig::greedy()).with_copy_guard(guard);
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[5, 6, 7]).unwrap(), 1);
        assert_eq!(s.sample(&logits(&[0.0, 1.0, 9.0]), &[6, 7, 1]).unwrap(), 1);
    }

    #[test]
    fn the_copy_guard_waits_while_a_name_is_finished() {
        let words = WordGuard::new(["Clermont-Ferrand".to_string(), "Lyon".to_string()]);
        assert!(words.within("Le centre de Clermont-Fer"));
        assert!(words.within("Le centre de Clermont-"));
        // A finished name, a lowercase word, or a word already ended are not waited for.
        assert!(!words.within("Le centre de Lyon"));
        assert!(!words.within("Le centre de"));
        assert!(!words.within("Le centre de Clermont-Ferrand,"));
        assert!(!words.within("Le centre de Clermont-Ferrand "));
        // Paused, the guard lets the copy go on; resumed, it bans again.
        let guard = CopyGuard::new(&[5, 6, 7, 1], 3);
        let mut s = Sampler::new(&SamplingConfig::greedy()).with_copy_guard(guard);
        s.pause_copy_guard(true);
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[5, 6, 7]).unwrap(), 1);
        s.pause_copy_guard(false);
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[5, 6, 7]).unwrap(), 2);
    }

    #[test]
    fn top_k_keeps_the_largest_in_order_whatever_their_place() {
        let values: Vec<f32> = (0..1000).map(|i| ((i * 7919) % 1000) as f32).collect();
        let mut out = Vec::new();
        top_k(&values, 5, &mut out);
        let got: Vec<f32> = out.iter().map(|(_, v)| *v).collect();
        assert_eq!(got, vec![999.0, 998.0, 997.0, 996.0, 995.0]);
        for (id, v) in &out {
            assert_eq!(values[*id as usize], *v);
        }
    }

    #[test]
    fn draws_follow_the_probabilities() {
        // Two tokens at logits 0 and ln 3: the second is drawn about 3 times in 4.
        let config = SamplingConfig {
            temperature: 1.0,
            top_p: 1.0,
            top_k: 0,
            repeat_penalty: 1.0,
            ..SamplingConfig::default()
        };
        let mut s = Sampler::new(&config);
        let l = logits(&[0.0, 3f32.ln()]);
        let second = (0..4000)
            .filter(|_| s.sample(&l, &[]).unwrap() == 1)
            .count();
        assert!((2850..3150).contains(&second), "{second} of 4000");
    }

    #[test]
    fn unwanted_tokens_are_left_out_while_an_allowed_one_is_among_the_best() {
        let config = SamplingConfig {
            temperature: 1.0,
            top_p: 1.0,
            top_k: 3,
            repeat_penalty: 1.0,
            ..SamplingConfig::default()
        };
        // Token 0 is refused, tokens 1 and 3 unwanted, token 2 allowed.
        let verdict = |id: u32| match id {
            0 => Verdict::Refused,
            1 | 3 => Verdict::Unwanted,
            _ => Verdict::Allowed,
        };
        let draws = |values: &[f32]| {
            let mut s = Sampler::new(&config);
            let mut counts = [0; 4];
            for _ in 0..1000 {
                counts[s.sample_values(values, &[], Some(&verdict)).unwrap() as usize] += 1;
            }
            counts
        };
        // The allowed token is among the best three, however unlikely: it is drawn.
        assert_eq!(draws(&[9.0, 5.0, 1.0, 0.0]), [0, 0, 1000, 0]);
        // It is not: the unwanted ones are drawn as the model wants them, never the refused.
        let [refused, one, allowed, three] = draws(&[9.0, 5.0, -9.0, 5.0]);
        assert_eq!((refused, allowed), (0, 0));
        assert!((400..600).contains(&one), "{one} {three}");
    }

    #[test]
    fn top_p_drops_the_unlikely_tail() {
        let config = SamplingConfig {
            temperature: 1.0,
            top_p: 0.5,
            ..SamplingConfig::default()
        };
        let mut s = Sampler::new(&config);
        // Token 0 alone holds more than half of the probability.
        let l = logits(&[5.0, 1.0, 1.0, 1.0]);
        assert!((0..200).all(|_| s.sample(&l, &[]).unwrap() == 0));
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
