//! Perplexity as llama.cpp's `llama-perplexity` measures it: the tokens (with BOS) cut into
//! chunks of `n_ctx`, each run from an empty cache with BOS in place of its first token, and
//! only the second half of each chunk scored.

use anyhow::{ensure, Result};
use serde::Serialize;

use crate::model::Model;

/// The perplexity of one text at one context size.
#[derive(Debug, Clone, Serialize)]
pub struct Perplexity {
    pub n_ctx: usize,
    pub chunks: usize,
    /// Tokens whose probability was scored.
    pub scored: usize,
    /// Perplexity over the chunks so far, after each chunk (llama.cpp's `[1]…,[2]…` line).
    pub running: Vec<f64>,
    pub value: f64,
}

/// `-log p(target)` under the softmax of `logits`, as llama.cpp computes it (f32 logits, the
/// sum of exponentials in f64).
pub fn negative_log_likelihood(logits: &[f32], target: usize) -> f64 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f64 = logits.iter().map(|l| ((l - max).exp()) as f64).sum();
    -((logits[target] - max) as f64 - sum.ln())
}

/// Perplexity of `tokens` (already starting with BOS when the model wants one) at `n_ctx`,
/// over at most `max_chunks` chunks.
pub fn perplexity(
    model: &mut Model,
    tokens: &[u32],
    bos: Option<u32>,
    n_ctx: usize,
    max_chunks: Option<usize>,
) -> Result<Perplexity> {
    ensure!(
        n_ctx >= 4,
        "a context of {n_ctx} tokens is too small to score"
    );
    let available = tokens.len() / n_ctx;
    ensure!(
        available >= 1,
        "the text has {} tokens, fewer than one chunk of {n_ctx}",
        tokens.len()
    );
    let chunks = max_chunks.map_or(available, |m| m.min(available));
    let first = n_ctx / 2;
    let (mut nll, mut scored) = (0f64, 0usize);
    let mut running = Vec::with_capacity(chunks);
    for chunk in 0..chunks {
        let start = chunk * n_ctx;
        let mut ids = tokens[start..start + n_ctx].to_vec();
        if let Some(bos) = bos {
            ids[0] = bos;
        }
        model.clear_cache();
        model.forward_rows(&ids, 0, first..n_ctx - 1, &mut |row, logits| {
            let target = tokens[start + row + 1] as usize;
            ensure!(
                target < logits.len(),
                "token {target} is past the vocabulary"
            );
            nll += negative_log_likelihood(logits, target);
            scored += 1;
            Ok(())
        })?;
        running.push((nll / scored as f64).exp());
    }
    model.clear_cache();
    Ok(Perplexity {
        n_ctx,
        chunks,
        scored,
        value: (nll / scored as f64).exp(),
        running,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likelihood_of_a_uniform_distribution_is_the_log_of_its_size() {
        let nll = negative_log_likelihood(&[0.5; 8], 3);
        assert!((nll - 8f64.ln()).abs() < 1e-9);
        // A certain token costs nothing.
        assert!(negative_log_likelihood(&[0.0, 100.0, 0.0], 1) < 1e-9);
    }
}
