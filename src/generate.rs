//! The generation loop: prefill, then decode token by token, streaming text through a callback
//! that can stop it. It returns the text and its statistics, and never prints.

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::chat::ChatFormat;
use crate::model::Model;
use crate::sampling::{CopyGuard, Sampler, SamplingConfig};
use crate::tokenizer::TextTokenizer;

/// Prefill runs in chunks of this many tokens, bounding the attention scores' memory.
const PREFILL_CHUNK: usize = 512;

/// What the callback tells the loop after each piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Halt,
}

#[derive(Debug, Clone)]
pub struct GenerationConfig {
    pub max_tokens: usize,
    pub sampling: SamplingConfig,
    /// Verbatim copies of these tokens longer than `copy_guard_tokens` are prevented.
    pub copy_reference: Vec<u32>,
    pub copy_guard_tokens: usize,
}

impl GenerationConfig {
    pub fn new(max_tokens: usize, sampling: SamplingConfig) -> Self {
        Self {
            max_tokens,
            sampling,
            copy_reference: Vec::new(),
            copy_guard_tokens: 0,
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
}

/// A model and its tokenizer, with the token ids its KV cache currently holds, so that a
/// prompt sharing a prefix with the previous one only prefills what is new.
pub struct Generator {
    model: Model,
    tokenizer: TextTokenizer,
    /// How an instruction-tuned model wants its prompts framed; `None` for a base model.
    chat: Option<ChatFormat>,
    cached: Vec<u32>,
}

impl Generator {
    pub fn new(model: Model, tokenizer: TextTokenizer) -> Self {
        Self {
            model,
            tokenizer,
            chat: None,
            cached: Vec::new(),
        }
    }

    /// The same generator, prompting through `chat` (an instruction-tuned model).
    pub fn with_chat(mut self, chat: Option<ChatFormat>) -> Self {
        self.chat = chat;
        self
    }

    pub fn chat(&self) -> Option<&ChatFormat> {
        self.chat.as_ref()
    }

    /// The positions the model holds: prompt and generated text together.
    pub fn context_size(&self) -> usize {
        self.model.max_positions()
    }

    pub fn tokenizer(&self) -> &TextTokenizer {
        &self.tokenizer
    }

    /// The model and tokenizer, for work other than generation (perplexity).
    pub fn into_parts(self) -> (Model, TextTokenizer) {
        (self.model, self.tokenizer)
    }

    /// Continues `prompt`, calling `on_text` with each new piece of text until it halts, the
    /// model ends the text, `max_tokens` are generated or the context is full.
    pub fn run(
        &mut self,
        prompt: &str,
        config: &GenerationConfig,
        mut on_text: impl FnMut(&str) -> Flow,
    ) -> Result<Generation> {
        let start = Instant::now();
        let mut ids = self.tokenizer.encode(prompt)?;
        let mut stats = GenerationStats {
            prompt_tokens: ids.len(),
            ..Default::default()
        };
        let limit = self.model.max_positions();
        anyhow::ensure!(
            ids.len() < limit,
            "the prompt has {} tokens, more than the {limit} the context holds",
            ids.len()
        );

        let mut logits = self.prefill(&ids, &mut stats)?;
        let mut sampler = Sampler::new(&config.sampling);
        if config.copy_guard_tokens > 0 {
            sampler = sampler.with_copy_guard(CopyGuard::new(
                &config.copy_reference,
                config.copy_guard_tokens,
            ));
        }
        let mut stream = self.tokenizer.stream();
        let mut text = String::new();
        let mut ended = false;
        let decode_start = Instant::now();
        while stats.generated_tokens < config.max_tokens && ids.len() < limit {
            // A signal stops the work at the next token; the caller writes nothing half-made.
            crate::interrupt::check()?;
            let next = sampler.sample(&logits, &ids)?;
            if stats.generated_tokens == 0 {
                stats.time_to_first_token = start.elapsed();
            }
            stats.generated_tokens += 1;
            if self.tokenizer.is_stop(next) {
                ended = true;
                break;
            }
            ids.push(next);
            let mut flow = Flow::Continue;
            if let Some(piece) = stream.step(next)? {
                text.push_str(&piece);
                flow = on_text(&piece);
            }
            if flow == Flow::Halt || stats.generated_tokens == config.max_tokens {
                break;
            }
            logits = self.model.forward(&[next], ids.len() - 1)?;
            self.cached.push(next);
        }
        stats.decode_time = decode_start.elapsed();
        Ok(Generation { text, ended, stats })
    }

    /// Runs the part of `ids` the cache lacks and returns the logits of the last token.
    fn prefill(&mut self, ids: &[u32], stats: &mut GenerationStats) -> Result<candle_core::Tensor> {
        let started = Instant::now();
        // Reuse the common prefix, but always run at least the last token to get its logits.
        let common = self
            .cached
            .iter()
            .zip(ids)
            .take_while(|(a, b)| a == b)
            .count();
        let mut position = common.min(ids.len() - 1);
        if position < self.cached.len() && !self.model.can_rewind() {
            position = 0;
        }
        self.cached.truncate(position);
        let start = position;
        let mut logits = None;
        for chunk in ids[position..].chunks(PREFILL_CHUNK) {
            crate::interrupt::check()?;
            logits = Some(self.model.forward(chunk, position)?);
            position += chunk.len();
            self.cached.extend_from_slice(chunk);
        }
        stats.prefilled_tokens = ids.len() - start;
        stats.prefill_time = started.elapsed();
        Ok(logits.expect("a prompt has at least one token"))
    }
}
