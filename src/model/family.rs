//! What the native CPU forward pass needs to know of an architecture: the hyper-parameters in
//! the GGUF metadata, and the few choices (embedding scale, activation, RoPE layout, sliding
//! window) that tell gemma3, qwen2, qwen3 and llama apart. Which optional tensors a layer has
//! (query/key norms, QKV biases, post-norms) is read from the file itself.

use anyhow::{bail, Result};

use super::gemma3::Gemma3Config;
use super::gguf::Metadata;
use super::rope::RopeLayout;
use super::Architecture;

/// The feed-forward block's gated activation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// GELU, tanh approximation (Gemma).
    Gelu,
    /// SiLU, i.e. SwiGLU (Qwen, Llama, Mistral).
    Silu,
}

/// Gemma 3's local layers: all but every `pattern`-th attend to the last `window` positions
/// only, with a RoPE base of their own.
#[derive(Debug, Clone, PartialEq)]
pub struct Sliding {
    pub window: usize,
    pub pattern: usize,
    pub rope_freq_base: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NativeConfig {
    pub architecture: Architecture,
    pub block_count: usize,
    pub embedding_length: usize,
    pub head_count: usize,
    pub head_count_kv: usize,
    pub head_dim: usize,
    pub rms_norm_eps: f32,
    pub context_length: usize,
    pub rope_freq_base: f32,
    /// Positions are multiplied by this on the global layers (linear RoPE scaling).
    pub rope_scale: f32,
    pub rope_layout: RopeLayout,
    /// The token embeddings are multiplied by this (Gemma: √d).
    pub embedding_scale: f32,
    pub activation: Activation,
    pub sliding: Option<Sliding>,
}

impl NativeConfig {
    pub fn from_metadata(architecture: Architecture, md: &Metadata<'_>) -> Result<Self> {
        if architecture == Architecture::Gemma3 {
            return Ok(Self::gemma3(&Gemma3Config::from_metadata(md)?));
        }
        let a = architecture.name();
        let key = |k: &str| format!("{a}.{k}");
        let embedding_length = md.usize(&key("embedding_length"))?;
        let head_count = md.usize(&key("attention.head_count"))?;
        let rope_scale = match md.string_opt(&key("rope.scaling.type"))?.as_deref() {
            None | Some("none") => 1.0,
            Some("linear") => match md.f32_opt(&key("rope.scaling.factor"))? {
                Some(factor) if factor > 0.0 => 1.0 / factor,
                _ => 1.0,
            },
            Some(other) => bail!("RoPE scaling `{other}` is not read by the native path"),
        };
        Ok(Self {
            architecture,
            block_count: md.usize(&key("block_count"))?,
            embedding_length,
            head_count,
            head_count_kv: md
                .usize_opt(&key("attention.head_count_kv"))?
                .unwrap_or(head_count),
            head_dim: md
                .usize_opt(&key("attention.key_length"))?
                .unwrap_or(embedding_length / head_count),
            rms_norm_eps: md.f32(&key("attention.layer_norm_rms_epsilon"))?,
            context_length: md.usize(&key("context_length"))?,
            rope_freq_base: md.f32_opt(&key("rope.freq_base"))?.unwrap_or(10_000.0),
            rope_scale,
            rope_layout: match architecture {
                Architecture::Llama => RopeLayout::Neighbours,
                _ => RopeLayout::Halves,
            },
            embedding_scale: 1.0,
            activation: Activation::Silu,
            sliding: None,
        })
    }

    pub fn gemma3(c: &Gemma3Config) -> Self {
        Self {
            architecture: Architecture::Gemma3,
            block_count: c.block_count,
            embedding_length: c.embedding_length,
            head_count: c.head_count,
            head_count_kv: c.head_count_kv,
            head_dim: c.head_dim,
            rms_norm_eps: c.rms_norm_eps as f32,
            context_length: c.context_length,
            rope_freq_base: c.rope_freq_base,
            rope_scale: c.rope_scale_global,
            rope_layout: RopeLayout::Halves,
            embedding_scale: (c.embedding_length as f32).sqrt(),
            activation: Activation::Gelu,
            sliding: Some(Sliding {
                window: c.sliding_window,
                pattern: c.sliding_window_pattern,
                rope_freq_base: c.rope_freq_base_local,
            }),
        }
    }

    /// The window of layer `layer`, if it is a local one.
    pub fn window(&self, layer: usize) -> Option<usize> {
        let s = self.sliding.as_ref()?;
        (!(layer + 1).is_multiple_of(s.pattern)).then_some(s.window)
    }
}
