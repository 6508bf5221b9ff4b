//! What the writer asks of a language model, wherever it runs: continue a prompt with text
//! streamed through a callback that can stop it, the context it holds, and token counts. The
//! local `Generator` and the OpenAI-compatible `remote::Remote` both answer it. The contract
//! owns its types: what to generate, the flow the callback steers, the text and statistics.

use std::time::Duration;

use anyhow::Result;

use crate::chat::ChatFormat;
use crate::sampling::{SamplingConfig, WordGuard};

/// What the callback tells the loop after each piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Halt,
    /// Take back the text from this byte offset on, and draw another token where it began:
    /// never one drawn there before, nor one under a tenth of its likelihood (the branch
    /// halts when none is left). Only branches decoded side by side
    /// (`Engine::run_branches` on the native path) take text back, and only at a token's
    /// end; anywhere else it halts.
    Retract(usize),
    /// From `run_branches`' `on_done` only: start none of the branches still waiting, and
    /// let those going on end as they would.
    Drain,
    /// Halt, and mark the token that holds the byte before this offset (the last token of
    /// the text that doomed the branch) a dead end after the tokens before it: no branch
    /// sharing the config's `dead_ends` draws it after that path again. Only branches
    /// decoded side by side mark it; anywhere else it halts.
    DeadEnd(usize),
}

/// Paths of tokens after one prompt that led a branch to a refusal, each with the tokens
/// that doomed it there: shared by the branches of the runs of one prompt, so that a model
/// sampled again does not walk the same way to the same refusal.
#[derive(Debug, Default)]
pub struct DeadEnds {
    paths: std::sync::Mutex<std::collections::HashMap<Vec<u32>, Vec<u32>>>,
}

impl DeadEnds {
    /// `token`, drawn after `path`, led to a refusal.
    pub fn mark(&self, path: &[u32], token: u32) {
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        let tokens = paths.entry(path.to_vec()).or_default();
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }

    /// The tokens never to be drawn after `path`.
    pub fn after(&self, path: &[u32]) -> Vec<u32> {
        let paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.get(path).cloned().unwrap_or_default()
    }

    /// How many dead ends are marked.
    pub fn len(&self) -> usize {
        let paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone)]
pub struct GenerationConfig {
    pub max_tokens: usize,
    pub sampling: SamplingConfig,
    /// Verbatim copies of these tokens longer than `copy_guard_tokens` are prevented.
    pub copy_reference: Vec<u32>,
    pub copy_guard_tokens: usize,
    /// Tokens whose logits are raised by `bias` (the source's vocabulary, to lean on).
    pub favoured: Vec<u32>,
    pub bias: f32,
    /// The only names and figures that may be written (the source's), token by token; an
    /// engine that samples elsewhere leaves it to the caller's checks.
    pub words: Option<std::sync::Arc<WordGuard>>,
    /// Give the generation's `likelihood` (where the engine can): a pass over the logits
    /// each token, asked for only by what judges the text by it.
    pub likelihood: bool,
    /// Only tokens written in Latin script may be sampled (a French text), which spares the
    /// output projection the others' rows where the engine has them apart.
    pub latin_only: bool,
    /// Dead ends marked by the branches of this prompt's runs (`Flow::DeadEnd`), never drawn
    /// again; where the engine decodes branches side by side.
    pub dead_ends: Option<std::sync::Arc<DeadEnds>>,
}

impl GenerationConfig {
    pub fn new(max_tokens: usize, sampling: SamplingConfig) -> Self {
        Self {
            max_tokens,
            sampling,
            copy_reference: Vec::new(),
            copy_guard_tokens: 0,
            favoured: Vec::new(),
            bias: 0.0,
            words: None,
            likelihood: false,
            latin_only: false,
            dead_ends: None,
        }
    }
}

/// Counts and timings of one or more generations.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GenerationStats {
    pub prompt_tokens: usize,
    /// Prompt tokens actually run (the rest came from the cache).
    pub prefilled_tokens: usize,
    pub generated_tokens: usize,
    pub prefill_time: Duration,
    pub decode_time: Duration,
    /// Time from the start of the call to the first generated token.
    pub time_to_first_token: Duration,
    /// Of the decode time: choosing each token from the logits (penalties, bias, the word
    /// guard, sampling).
    pub sample_time: Duration,
    /// Of the decode time: the caller's callbacks on each piece of text and each ended
    /// branch (the writer's gate judging sentences as they are written).
    pub callback_time: Duration,
}

impl GenerationStats {
    pub fn prefill_tokens_per_second(&self) -> f64 {
        rate(self.prefilled_tokens, self.prefill_time)
    }

    pub fn decode_tokens_per_second(&self) -> f64 {
        rate(self.generated_tokens, self.decode_time)
    }

    /// Adds another generation's counts and times to these.
    pub fn accumulate(&mut self, other: &GenerationStats) {
        self.prompt_tokens += other.prompt_tokens;
        self.prefilled_tokens += other.prefilled_tokens;
        self.generated_tokens += other.generated_tokens;
        self.prefill_time += other.prefill_time;
        self.decode_time += other.decode_time;
        self.sample_time += other.sample_time;
        self.callback_time += other.callback_time;
        if self.time_to_first_token.is_zero() {
            self.time_to_first_token = other.time_to_first_token;
        }
    }
}

fn rate(tokens: usize, time: Duration) -> f64 {
    match time.as_secs_f64() {
        s if s > 0.0 => tokens as f64 / s,
        _ => 0.0,
    }
}

#[derive(Debug, Clone)]
pub struct Generation {
    pub text: String,
    /// Whether the model ended the text itself (an end-of-sequence token).
    pub ended: bool,
    pub stats: GenerationStats,
    /// How likely the model found each piece of `text`, in order; empty where the engine
    /// does not say (a remote server).
    pub likelihood: Vec<PieceLikelihood>,
}

/// The log-probability the model gave the tokens of one piece of text, under its own
/// distribution (before penalties, bias, guards and temperature): how fluent it finds the
/// piece after the prompt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PieceLikelihood {
    /// Where the piece ends in the generation's text (bytes).
    pub end: usize,
    /// The tokens' log-probabilities, summed (nats).
    pub logprob: f32,
    pub tokens: u32,
}

impl Generation {
    /// The mean log-probability per token of the pieces ending within `span` of the text
    /// (bytes), `None` when none does or the engine does not say.
    pub fn mean_logprob(&self, span: std::ops::Range<usize>) -> Option<f32> {
        let (sum, tokens) = self
            .likelihood
            .iter()
            .filter(|p| p.end > span.start && p.end <= span.end)
            .fold((0f32, 0u32), |(s, n), p| (s + p.logprob, n + p.tokens));
        (tokens > 0).then(|| sum / tokens as f32)
    }
}

pub trait Engine: Send {
    /// Continues `prompt`, calling `on_text` with each new piece of text until it halts, the
    /// model ends the text, or `config.max_tokens` are generated.
    fn run(
        &mut self,
        prompt: &str,
        config: &GenerationConfig,
        on_text: &mut dyn FnMut(&str) -> Flow,
    ) -> Result<Generation>;

    /// The positions the model holds: prompt and generated text together.
    fn context_size(&self) -> usize;

    /// Tokens `text` takes (exact where the engine has the model's tokenizer).
    fn count_tokens(&self, text: &str) -> Result<usize>;

    /// The token ids of `text` that the copy guard compares generated tokens against; empty
    /// where the engine samples elsewhere (the sentence gate still refuses copied sentences).
    fn copy_reference(&self, text: &str) -> Result<Vec<u32>>;

    /// How an instruction-tuned model wants its prompts framed; `None` for a base model.
    fn chat(&self) -> Option<&ChatFormat>;

    /// How many continuations `run_branches` decodes side by side for about the cost of one
    /// (1: it runs them one after the other).
    fn branch_width(&self) -> usize {
        1
    }

    /// Continues `prompt` once per config, each on its own branch, up to `branch_width` of
    /// them at once in the configs' order: `on_text(i, piece)` gets branch `i`'s text and
    /// its answer steers that branch alone; `on_done(i, generation)` gets each branch as it
    /// ends, and its `Halt` ends the run (branches still going are dropped, the rest never
    /// start), its `Drain` lets those going on end but starts no more. Returns the statistics of all the work. Unless the engine decodes branches
    /// side by side, they run one after the other.
    fn run_branches(
        &mut self,
        prompt: &str,
        configs: &[GenerationConfig],
        on_text: &mut dyn FnMut(usize, &str) -> Flow,
        on_done: &mut dyn FnMut(usize, &Generation) -> Flow,
    ) -> Result<GenerationStats> {
        one_after_another(self, prompt, configs, on_text, on_done)
    }
}

/// `Engine::run_branches` for an engine that runs one generation at a time.
pub fn one_after_another<E: Engine + ?Sized>(
    engine: &mut E,
    prompt: &str,
    configs: &[GenerationConfig],
    on_text: &mut dyn FnMut(usize, &str) -> Flow,
    on_done: &mut dyn FnMut(usize, &Generation) -> Flow,
) -> Result<GenerationStats> {
    let mut stats = GenerationStats::default();
    for (i, config) in configs.iter().enumerate() {
        let generation = engine.run(prompt, config, &mut |piece| on_text(i, piece))?;
        stats.accumulate(&generation.stats);
        if matches!(on_done(i, &generation), Flow::Halt | Flow::Drain) {
            break;
        }
    }
    Ok(stats)
}
