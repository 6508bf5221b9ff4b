//! Sampling: a `SamplingConfig` becomes a `Sampler`, built once before the loop, that applies
//! penalties to the logits and draws the next token with a seeded generator.

use std::collections::{HashMap, HashSet};

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

/// The words a capitalised word or a word holding a digit may be: anything else written with
/// a capital (a name) or a digit (a figure) is refused while it is being written, token by
/// token, so that a name or a figure the source lacks is never sampled at all. Other words
/// are free.
#[derive(Debug, Clone, Default)]
pub struct WordGuard {
    words: std::collections::BTreeSet<String>,
    /// Whole figures in digits (`3200` for « 3 200 »): a figure written in groups is judged
    /// whole, so that a group alone (« 200 ») is not taken for one of the source's figures.
    figures: std::collections::BTreeSet<String>,
}

impl WordGuard {
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        let words = words
            .into_iter()
            .map(|w| {
                core(&w)
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_string()
            })
            .filter(|w| guarded(w))
            .collect();
        Self {
            words,
            figures: Default::default(),
        }
    }

    /// The guard with the whole figures `keys` (digits only, groups joined: `3200`); others
    /// are left to the word list.
    pub fn with_figures(mut self, keys: impl IntoIterator<Item = String>) -> Self {
        self.figures = keys
            .into_iter()
            .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_digit()))
            .collect();
        self
    }

    /// Whether some whole figure begins with `key`.
    fn figure_begins(&self, key: &str) -> bool {
        self.figures
            .range(key.to_string()..)
            .next()
            .is_some_and(|f| f.starts_with(key))
    }

    /// Whether `before` ends inside a name or a figure that is not yet one of the guard's
    /// words (`Clermont-Fer`): its rest must be written as the source writes it, so the copy
    /// guard must not ban it (banning `rand` leaves `Clermont-Ferran`, a name of no one).
    pub fn within(&self, before: &str) -> bool {
        if before.ends_with(char::is_whitespace) {
            return false;
        }
        let open = core(before.rsplit(char::is_whitespace).next().unwrap_or(before));
        let inside = open.ends_with(|c: char| c.is_alphanumeric() || c == '-');
        inside && guarded(open) && !self.words.contains(open)
    }

    /// Whether `piece` may follow the text `before`: every word it finishes is one of the
    /// guard's words or unguarded, and the word it leaves open can still become one.
    pub fn allows(&self, before: &str, piece: &str) -> bool {
        let open = before
            .rfind(char::is_whitespace)
            .map_or(before, |i| &before[i..]);
        let joined = format!("{open}{piece}");
        let ends_open = !joined.ends_with(char::is_whitespace);
        let parts: Vec<&str> = joined.split_whitespace().collect();
        let prior: Vec<&str> = before[..before.len() - open.len()]
            .split_whitespace()
            .collect();
        parts.iter().enumerate().all(|(i, word)| {
            let word = core(word);
            let finished = i + 1 < parts.len() || !ends_open;
            if !self.figures.is_empty() && is_digits(word) {
                let continued = parts.get(i + 1).is_some_and(|next| {
                    let next = core(next);
                    let last = i + 2 == parts.len() && ends_open;
                    is_digits(next) && (next.len() == 3 || (last && next.len() < 3))
                });
                if continued {
                    // Judged with the group that follows it, as one figure.
                    return true;
                }
                let preceding: Vec<&str> = prior.iter().chain(&parts[..i]).copied().collect();
                let key = figure_key(&preceding, word, !finished);
                return match finished {
                    true => self.figures.contains(&key),
                    false => {
                        // A word alone may also begin one of the words (`3,5`).
                        self.figure_begins(&key)
                            || key == word
                                && self
                                    .words
                                    .range(word.to_string()..)
                                    .next()
                                    .is_some_and(|w| w.starts_with(word))
                    }
                };
            }
            // A word is finished by what follows it, or by a closing mark (`Lyon,`); a
            // figure's inner comma or point (`3,5`) and a hyphen keep it open.
            let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let tail = &word[trimmed.len()..];
            let open_mark = tail.is_empty()
                || tail == "-"
                || (matches!(tail, "," | ".") && trimmed.ends_with(|c: char| c.is_ascii_digit()));
            let finished = i + 1 < parts.len() || !ends_open || !open_mark;
            if !guarded(trimmed) {
                return true;
            }
            match finished {
                true => self.words.contains(trimmed),
                false => {
                    let prefix = format!("{trimmed}{tail}");
                    self.words
                        .range(prefix.clone()..)
                        .next()
                        .is_some_and(|w| w.starts_with(&prefix))
                }
            }
        })
    }
}

/// Whether `word` is digits and nothing else.
fn is_digits(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

/// The whole figure that `digits` ends, given the words before it: a group of three digits
/// (or fewer, while it is written) after a figure continues it (`3 200` is `3200`).
fn figure_key(preceding: &[&str], digits: &str, open: bool) -> String {
    let mut key = digits.to_string();
    let mut group = digits.len() == 3 || (open && digits.len() < 3);
    let mut rest = preceding;
    while group {
        let Some((last, head)) = rest.split_last() else {
            break;
        };
        let d = core(last);
        if !is_digits(d) || d.len() > 3 {
            break;
        }
        key.insert_str(0, d);
        group = d.len() == 3;
        rest = head;
    }
    key
}

/// Elided words before an apostrophe (`l'Europe`, `qu'Air`), any case.
const ELIDED: &[&str] = &[
    "l", "d", "qu", "n", "s", "j", "m", "t", "c", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// A word without its opening marks (« ( " ') and elided article (`l'Europe` is `Europe`);
/// an apostrophe elsewhere stays in the word (`Métropol'e` is no way around the guard).
fn core(word: &str) -> &str {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    match word.find(['\'', '’']) {
        Some(i) if ELIDED.contains(&word[..i].to_lowercase().as_str()) => {
            &word[i + word[i..].chars().next().map_or(1, char::len_utf8)..]
        }
        _ => word,
    }
}

/// Whether a word is a name or a figure as written: a capital first, or a digit anywhere.
fn guarded(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) || word.chars().any(|c| c.is_ascii_digit())
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
        Self::sparing(reference, n, |_| false)
    }

    /// A guard that never bans the tokens `spared` says to keep: a figure or a name must be
    /// written as the source writes it, and banning it only makes the model write another.
    pub fn sparing(reference: &[u32], n: usize, spared: impl Fn(u32) -> bool) -> Self {
        let mut next: HashMap<Vec<u32>, HashSet<u32>> = HashMap::new();
        if n > 0 {
            for w in reference.windows(n + 1) {
                if !spared(w[n]) {
                    next.entry(w[..n].to_vec()).or_default().insert(w[n]);
                }
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
        }
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
        allowed: Option<&dyn Fn(u32) -> bool>,
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
    /// tokens `allowed` accepts (all of them when it accepts none of the best).
    pub fn sample_values(
        &mut self,
        values: &[f32],
        history: &[u32],
        allowed: Option<&dyn Fn(u32) -> bool>,
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
            // The `k` best that are allowed, judged best first (so only as many as needed).
            let mut taken = 0;
            let mut kept = Vec::with_capacity(k);
            for &(id, v) in &self.candidates {
                if taken == k {
                    break;
                }
                if v.is_finite() && allowed(id) {
                    kept.push((id, v));
                    taken += 1;
                }
            }
            if kept.is_empty() {
                // None of the best is allowed: look further down before giving up the guard.
                let mut wider = Vec::new();
                top_k(values, WIDER_SEARCH.min(values.len()), &mut wider);
                kept.extend(
                    wider
                        .into_iter()
                        .filter(|&(id, v)| v.is_finite() && allowed(id))
                        .map(|(id, v)| (id, adjusted.get(&id).copied().unwrap_or(v)))
                        .filter(|(_, v)| v.is_finite())
                        .take(k),
                );
            }
            if !kept.is_empty() {
                self.candidates = kept;
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
        if let Some(banned) = guard.and_then(|g| g.banned(history)) {
            for id in banned {
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
        let guard = CopyGuard::sparing(&[5, 6, 7, 1], 3, |id| id == 1);
        let mut s = Sampler::new(&SamplingConfig::greedy()).with_copy_guard(guard);
        assert_eq!(s.sample(&logits(&[0.0, 9.0, 1.0]), &[5, 6, 7]).unwrap(), 1);
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
    fn a_figure_in_groups_is_judged_whole() {
        let guard = WordGuard::new(["3", "200", "120", "Lyon"].map(String::from))
            .with_figures(["3200", "120", "18"].map(String::from));
        // « 3 200 » is written group by group, and finished whole.
        assert!(guard.allows("Un bâtiment de", " 3"));
        assert!(guard.allows("Un bâtiment de 3", " 2"));
        assert!(guard.allows("Un bâtiment de 3 2", "00"));
        assert!(guard.allows("Un bâtiment de 3", " 200"));
        assert!(guard.allows("Un bâtiment de 3 200", " mètres"));
        // A group alone, a head alone, or a group after another figure are not the source's.
        assert!(!guard.allows("Un bâtiment de", " 200 mètres"));
        assert!(!guard.allows("Un bâtiment de 3", " mètres"));
        assert!(!guard.allows("Il accueille 120", " 120"));
        assert!(!guard.allows("Il accueille 120 120", " enfants"));
        assert!(guard.allows("Il accueille 120", " enfants"));
        assert!(guard.allows("Il coûte 1", "8"));
        assert!(!guard.allows("Il coûte 1", "9"));
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

    #[test]
    fn the_word_guard_lets_only_its_names_and_figures_through() {
        let guard = WordGuard::new(
            [
                "Lyon",
                "Métropole",
                "120",
                "3,5",
                "l'Europe",
                "Le",
                "cyclistes",
                "Saint-Étienne",
            ]
            .map(String::from),
        );
        // Lowercase words are free; names and figures must be the guard's, as they grow.
        assert!(guard.allows("Les vé", "los"));
        assert!(guard.allows("La ville de", " Ly"));
        assert!(guard.allows("La ville de Ly", "on"));
        assert!(!guard.allows("La ville de", " Pa"));
        assert!(!guard.allows("La ville de Ly", "ra"));
        // A word finished short of a name is refused (`Ly` then a space or a comma).
        assert!(!guard.allows("La ville de Ly", " est"));
        assert!(!guard.allows("La ville de Ly", ","));
        assert!(guard.allows("La ville de Lyon", ","));
        assert!(guard.allows("Il a coûté", " 12"));
        assert!(guard.allows("Il a coûté 12", "0"));
        assert!(!guard.allows("Il a coûté 12", "5"));
        assert!(!guard.allows("Il a coûté", " 250"));
        assert!(guard.allows("Il a coûté 3", ","));
        assert!(guard.allows("Il a coûté 3,", "5"));
        // Elision, opening marks and hyphens: the name itself is judged.
        assert!(guard.allows("Il vit à", " l'Europe"));
        assert!(!guard.allows("Il vit à", " l'Asie"));
        assert!(guard.allows("Il vit à", " «Lyon"));
        assert!(guard.allows("Il vit à Saint", "-É"));
        assert!(!guard.allows("Il vit à", " Métropol'e"));
        assert!(!guard.allows("Il vit à", " E'S"));
        assert!(guard.allows("", "Le"));
        assert!(!guard.allows("", "Dans"));
    }
}
