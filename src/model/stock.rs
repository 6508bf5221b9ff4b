//! Architectures run by candle-transformers' own quantized models: qwen2, qwen3 and llama
//! (which covers Llama 3.x and Mistral). Their KV caches only grow, so a prompt that leaves the
//! cached prefix is prefilled again from the start.

use anyhow::{bail, Result};
use candle_core::quantized::gguf_file;
use candle_core::{Device, Tensor};
use candle_transformers::models::{quantized_llama, quantized_qwen2, quantized_qwen3};

use super::gguf::GgufFile;
use super::Architecture;

enum Weights {
    Llama(quantized_llama::ModelWeights),
    Qwen2(quantized_qwen2::ModelWeights),
    Qwen3(quantized_qwen3::ModelWeights),
}

/// One of candle's quantized models, with how many positions its cache holds.
pub struct StockModel {
    weights: Weights,
    cached: usize,
    max_positions: usize,
    device: Device,
}

impl StockModel {
    /// Loads `file` as `architecture`, holding at most `max_positions` of context.
    pub fn load(
        file: GgufFile,
        architecture: Architecture,
        max_positions: usize,
        device: &Device,
    ) -> Result<Self> {
        let GgufFile {
            content,
            mut reader,
            ..
        } = file;
        let trained = context_length(&content, architecture.name());
        let weights = match architecture {
            Architecture::Llama => Weights::Llama(quantized_llama::ModelWeights::from_gguf(
                content,
                &mut reader,
                device,
            )?),
            Architecture::Qwen2 => Weights::Qwen2(quantized_qwen2::ModelWeights::from_gguf(
                content,
                &mut reader,
                device,
            )?),
            Architecture::Qwen3 => Weights::Qwen3(quantized_qwen3::ModelWeights::from_gguf(
                content,
                &mut reader,
                device,
            )?),
            Architecture::Gemma3 => bail!("gemma3 is not one of candle's quantized architectures"),
        };
        // candle's llama builds its RoPE table for 4,096 positions.
        let limit = match architecture {
            Architecture::Llama => trained
                .unwrap_or(quantized_llama::MAX_SEQ_LEN)
                .min(quantized_llama::MAX_SEQ_LEN),
            _ => trained.unwrap_or(max_positions),
        };
        Ok(Self {
            weights,
            cached: 0,
            max_positions: max_positions.min(limit),
            device: device.clone(),
        })
    }

    /// Logits of the last of `ids`, placed at `position`; `position` is either the number of
    /// cached positions (continue) or 0 (start again).
    pub fn forward(&mut self, ids: &[u32], position: usize) -> Result<Tensor> {
        if position == 0 {
            self.clear_cache();
        } else if position != self.cached {
            bail!(
                "this model's cache holds {} positions and cannot be rewound to {position}",
                self.cached
            );
        }
        let input = Tensor::new(ids, &self.device)?.unsqueeze(0)?;
        let logits = match &mut self.weights {
            Weights::Llama(m) => m.forward(&input, position)?,
            Weights::Qwen2(m) => m.forward(&input, position)?,
            Weights::Qwen3(m) => m.forward(&input, position)?,
        };
        self.cached = position + ids.len();
        Ok(logits.squeeze(0)?)
    }

    pub fn clear_cache(&mut self) {
        match &mut self.weights {
            Weights::Llama(m) => m.clear_kv_cache(),
            Weights::Qwen2(m) => m.clear_kv_cache(),
            Weights::Qwen3(m) => m.clear_kv_cache(),
        }
        self.cached = 0;
    }

    pub fn max_positions(&self) -> usize {
        self.max_positions
    }
}

fn context_length(content: &gguf_file::Content, architecture: &str) -> Option<usize> {
    content
        .metadata
        .get(&format!("{architecture}.context_length"))
        .and_then(|v| v.to_u32().ok())
        .map(|n| n as usize)
}
