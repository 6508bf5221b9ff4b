//! The Gemma 3 forward pass over quantized GGUF weights, written to match llama.cpp.
//!
//! candle-transformers' `quantized_gemma3` differs from the reference in ways that matter for
//! our default model, all fixed here:
//! - the MLP uses GELU with the tanh approximation (not SiLU);
//! - the sliding-window layers see exactly the last `sliding_window` positions, in prefill and
//!   in single-token decode alike (the stock model applies no window while decoding);
//! - prefill may run in chunks of any size, each chunk masked against the cached positions;
//! - one RoPE table per frequency base, sized to the context, shared by all layers;
//! - the token embedding stays quantized (rows are dequantized on lookup), and the KV cache is
//!   preallocated and written in place instead of growing by concatenation.

use candle_core::quantized::{gguf_file, QTensor};
use candle_core::{DType, Device, IndexOp, Tensor};

use super::gguf::Metadata;
use super::linear::{native_weight, Linear, Mapped};
use crate::kernels::QWeight;

/// Hyper-parameters read from the GGUF metadata (`gemma3.*` keys).
#[derive(Debug, Clone, PartialEq)]
pub struct Gemma3Config {
    pub block_count: usize,
    pub embedding_length: usize,
    pub head_count: usize,
    pub head_count_kv: usize,
    pub head_dim: usize,
    pub rms_norm_eps: f64,
    pub sliding_window: usize,
    /// Every `sliding_window_pattern`-th layer attends globally; the others use the window.
    pub sliding_window_pattern: usize,
    pub rope_freq_base: f32,
    pub rope_freq_base_local: f32,
    /// Positions are multiplied by this on the global layers (linear RoPE scaling: Gemma 3
    /// 4B and up are trained with a factor of 8, i.e. 0.125 here); 1 when absent.
    pub rope_scale_global: f32,
    pub context_length: usize,
}

impl Gemma3Config {
    pub fn from_metadata(md: &Metadata<'_>) -> anyhow::Result<Self> {
        let a = "gemma3";
        Ok(Self {
            block_count: md.usize(&format!("{a}.block_count"))?,
            embedding_length: md.usize(&format!("{a}.embedding_length"))?,
            head_count: md.usize(&format!("{a}.attention.head_count"))?,
            head_count_kv: md.usize(&format!("{a}.attention.head_count_kv"))?,
            head_dim: md.usize(&format!("{a}.attention.key_length"))?,
            rms_norm_eps: md.f32(&format!("{a}.attention.layer_norm_rms_epsilon"))? as f64,
            sliding_window: md.usize(&format!("{a}.attention.sliding_window"))?,
            // llama.cpp hard-codes the pattern for Gemma 3; newer GGUFs may carry it.
            sliding_window_pattern: md
                .usize_opt(&format!("{a}.attention.sliding_window_pattern"))?
                .unwrap_or(6),
            rope_freq_base: md
                .f32_opt(&format!("{a}.rope.freq_base"))?
                .unwrap_or(1_000_000.0),
            rope_freq_base_local: md
                .f32_opt(&format!("{a}.rope.local_freq_base"))?
                .unwrap_or(10_000.0),
            rope_scale_global: match md.f32_opt(&format!("{a}.rope.scaling.factor"))? {
                Some(factor) if factor > 0.0 => 1.0 / factor,
                _ => 1.0,
            },
            context_length: md.usize(&format!("{a}.context_length"))?,
        })
    }

    fn is_sliding(&self, layer: usize) -> bool {
        !(layer + 1).is_multiple_of(self.sliding_window_pattern)
    }
}

struct RmsNorm {
    weight: Tensor,
    eps: f32,
}

impl RmsNorm {
    fn forward(&self, xs: &Tensor) -> candle_core::Result<Tensor> {
        candle_nn::ops::rms_norm(&xs.contiguous()?, &self.weight, self.eps)
    }
}

/// cos and sin tables for one frequency base, `positions × head_dim/2`.
struct Rope {
    cos: Tensor,
    sin: Tensor,
}

impl Rope {
    fn new(
        head_dim: usize,
        base: f32,
        position_scale: f32,
        positions: usize,
        device: &Device,
    ) -> candle_core::Result<Self> {
        let inv_freq: Vec<f32> = (0..head_dim)
            .step_by(2)
            .map(|i| 1.0 / base.powf(i as f32 / head_dim as f32))
            .collect();
        let half = inv_freq.len();
        let mut cos = Vec::with_capacity(positions * half);
        let mut sin = Vec::with_capacity(positions * half);
        for p in 0..positions {
            for f in &inv_freq {
                let angle = p as f32 * position_scale * f;
                cos.push(angle.cos());
                sin.push(angle.sin());
            }
        }
        Ok(Self {
            cos: Tensor::from_vec(cos, (positions, half), device)?,
            sin: Tensor::from_vec(sin, (positions, half), device)?,
        })
    }

    fn apply(&self, xs: &Tensor, position: usize) -> candle_core::Result<Tensor> {
        let seq_len = xs.dim(2)?;
        let cos = self.cos.narrow(0, position, seq_len)?;
        let sin = self.sin.narrow(0, position, seq_len)?;
        candle_nn::rotary_emb::rope(&xs.contiguous()?, &cos, &sin)
    }
}

/// Keys and values of one layer, preallocated for the whole context and written in place.
struct KvCache {
    keys: Tensor,
    values: Tensor,
}

struct Layer {
    attn_q: Linear,
    attn_k: Linear,
    attn_v: Linear,
    attn_output: Linear,
    attn_q_norm: RmsNorm,
    attn_k_norm: RmsNorm,
    attn_norm: RmsNorm,
    post_attention_norm: RmsNorm,
    ffn_norm: RmsNorm,
    post_ffw_norm: RmsNorm,
    ffn_gate: Linear,
    ffn_up: Linear,
    ffn_down: Linear,
    /// `Some(window)` for local layers.
    window: Option<usize>,
    cache: Option<KvCache>,
}

/// The token embedding: rows of the memory-mapped GGUF dequantized on lookup, or candle's.
enum Embedding {
    Native(QWeight),
    Candle(QTensor),
}

impl Embedding {
    fn forward(&self, ids: &[u32], device: &Device) -> candle_core::Result<Tensor> {
        match self {
            Self::Candle(t) => t.embedding(&Tensor::from_slice(ids, (ids.len(),), device)?),
            Self::Native(w) => {
                let mut out = vec![0f32; ids.len() * w.cols];
                for (row, id) in out.chunks_exact_mut(w.cols).zip(ids) {
                    if *id as usize >= w.rows {
                        candle_core::bail!("token id {id} is past the vocabulary ({})", w.rows);
                    }
                    w.dequantize_row(*id as usize, row);
                }
                Tensor::from_vec(out, (ids.len(), w.cols), device)
            }
        }
    }
}

pub struct Gemma3 {
    config: Gemma3Config,
    token_embd: Embedding,
    layers: Vec<Layer>,
    output_norm: RmsNorm,
    output: Linear,
    rope_global: Rope,
    rope_local: Rope,
    /// Positions the caches and RoPE tables hold.
    max_positions: usize,
    device: Device,
}

fn load_norm<R: std::io::Read + std::io::Seek>(
    ct: &gguf_file::Content,
    reader: &mut R,
    name: &str,
    eps: f64,
    device: &Device,
) -> anyhow::Result<RmsNorm> {
    let weight = ct.tensor(reader, name, device)?.dequantize(device)?;
    Ok(RmsNorm {
        weight,
        eps: eps as f32,
    })
}

impl Gemma3 {
    /// Loads the weights; `max_positions` bounds the context (caches and RoPE tables). With
    /// `map` (the file memory-mapped, on the CPU), the matrices our kernels read stay in it.
    pub fn load<R: std::io::Read + std::io::Seek>(
        ct: &gguf_file::Content,
        reader: &mut R,
        mapped: Option<Mapped>,
        config: Gemma3Config,
        max_positions: usize,
        device: &Device,
    ) -> anyhow::Result<Self> {
        let eps = config.rms_norm_eps;
        let native_embd = match mapped {
            Some(mapped) => native_weight(mapped, "token_embd.weight")?,
            None => None,
        };
        let load_matmul =
            |reader: &mut R, name: &str| Linear::load(ct, reader, mapped, name, device);
        let output = match ct.tensor_infos.contains_key("output.weight") {
            true => load_matmul(reader, "output.weight")?,
            // Tied weights: the output projection is the embedding matrix (one copy of it).
            false => match &native_embd {
                Some(w) => Linear::Native(w.clone()),
                None => load_matmul(reader, "token_embd.weight")?,
            },
        };
        let token_embd = match native_embd {
            Some(w) => Embedding::Native(w),
            None => Embedding::Candle(ct.tensor(reader, "token_embd.weight", device)?),
        };
        let mut layers = Vec::with_capacity(config.block_count);
        for i in 0..config.block_count {
            let n = |s: &str| format!("blk.{i}.{s}.weight");
            layers.push(Layer {
                attn_q: load_matmul(reader, &n("attn_q"))?,
                attn_k: load_matmul(reader, &n("attn_k"))?,
                attn_v: load_matmul(reader, &n("attn_v"))?,
                attn_output: load_matmul(reader, &n("attn_output"))?,
                attn_q_norm: load_norm(ct, reader, &n("attn_q_norm"), eps, device)?,
                attn_k_norm: load_norm(ct, reader, &n("attn_k_norm"), eps, device)?,
                attn_norm: load_norm(ct, reader, &n("attn_norm"), eps, device)?,
                post_attention_norm: load_norm(ct, reader, &n("post_attention_norm"), eps, device)?,
                ffn_norm: load_norm(ct, reader, &n("ffn_norm"), eps, device)?,
                post_ffw_norm: load_norm(ct, reader, &n("post_ffw_norm"), eps, device)?,
                ffn_gate: load_matmul(reader, &n("ffn_gate"))?,
                ffn_up: load_matmul(reader, &n("ffn_up"))?,
                ffn_down: load_matmul(reader, &n("ffn_down"))?,
                window: config.is_sliding(i).then_some(config.sliding_window),
                cache: None,
            });
        }
        let output_norm = load_norm(ct, reader, "output_norm.weight", eps, device)?;
        let max_positions = max_positions.min(config.context_length);
        let rope_global = Rope::new(
            config.head_dim,
            config.rope_freq_base,
            config.rope_scale_global,
            max_positions,
            device,
        )?;
        let rope_local = Rope::new(
            config.head_dim,
            config.rope_freq_base_local,
            1.0,
            max_positions,
            device,
        )?;
        Ok(Self {
            config,
            token_embd,
            layers,
            output_norm,
            output,
            rope_global,
            rope_local,
            max_positions,
            device: device.clone(),
        })
    }

    pub fn max_positions(&self) -> usize {
        self.max_positions
    }

    /// Runs `ids` (one sequence) placed at `position`, with the cache holding positions
    /// `0..position`; returns the logits of the last position, shape `(vocab,)`.
    pub fn forward(&mut self, ids: &[u32], position: usize) -> anyhow::Result<Tensor> {
        let hidden = self.forward_hidden(ids, position)?;
        let last = hidden.i((0, ids.len() - 1))?;
        let normed = self.output_norm.forward(&last.unsqueeze(0)?)?;
        Ok(self.output.forward(&normed)?.squeeze(0)?)
    }

    /// Like `forward`, but returns the logits of every position, shape `(len, vocab)`;
    /// used to measure perplexity.
    pub fn forward_all(&mut self, ids: &[u32], position: usize) -> anyhow::Result<Tensor> {
        let hidden = self.forward_hidden(ids, position)?.squeeze(0)?;
        let normed = self.output_norm.forward(&hidden)?;
        Ok(self.output.forward(&normed)?)
    }

    /// Runs `ids` at `position` and hands the logits of each position in `rows` (indices into
    /// `ids`) to `each`, a slice of positions at a time, so that a long chunk never holds
    /// all its logits at once.
    pub fn forward_rows(
        &mut self,
        ids: &[u32],
        position: usize,
        rows: std::ops::Range<usize>,
        each: &mut dyn FnMut(usize, &[f32]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        anyhow::ensure!(rows.end <= ids.len(), "rows past the end of the ids");
        let hidden = self.forward_hidden(ids, position)?.squeeze(0)?;
        const SLICE: usize = 32;
        let mut start = rows.start;
        while start < rows.end {
            let n = SLICE.min(rows.end - start);
            let normed = self.output_norm.forward(&hidden.narrow(0, start, n)?)?;
            let logits: Vec<Vec<f32>> = self.output.forward(&normed)?.to_vec2()?;
            for (i, row) in logits.iter().enumerate() {
                each(start + i, row)?;
            }
            start += n;
        }
        Ok(())
    }

    fn forward_hidden(&mut self, ids: &[u32], position: usize) -> anyhow::Result<Tensor> {
        let len = ids.len();
        anyhow::ensure!(len > 0, "forward needs at least one token");
        anyhow::ensure!(
            position + len <= self.max_positions,
            "context full: {} tokens do not fit in {} positions",
            position + len,
            self.max_positions
        );
        let embedded = self.token_embd.forward(ids, &self.device)?;
        let scale = (self.config.embedding_length as f64).sqrt();
        let mut xs = (embedded * scale)?.unsqueeze(0)?;
        let Self {
            layers,
            rope_global,
            rope_local,
            config,
            max_positions,
            device,
            ..
        } = self;
        for layer in layers.iter_mut() {
            let rope = if layer.window.is_some() {
                &*rope_local
            } else {
                &*rope_global
            };
            let residual = xs.clone();
            let h = layer.attn_norm.forward(&xs)?;
            let h = layer.attention(&h, position, rope, config, *max_positions, device)?;
            let h = layer.post_attention_norm.forward(&h)?;
            let xs_mid = (h + residual)?;
            let h = layer.ffn_norm.forward(&xs_mid)?;
            let h = Linear::gated_gelu(&layer.ffn_gate, &layer.ffn_up, &h)?;
            let h = layer.ffn_down.forward(&h)?;
            let h = layer.post_ffw_norm.forward(&h)?;
            xs = (h + xs_mid)?;
        }
        Ok(xs)
    }

    /// Forgets every cached position.
    pub fn clear_cache(&mut self) {
        for layer in &mut self.layers {
            layer.cache = None;
        }
    }
}

impl Layer {
    fn attention(
        &mut self,
        xs: &Tensor,
        position: usize,
        rope: &Rope,
        cfg: &Gemma3Config,
        max_positions: usize,
        device: &Device,
    ) -> anyhow::Result<Tensor> {
        let (b, len, _) = xs.dims3()?;
        let (n_head, n_kv, hd) = (cfg.head_count, cfg.head_count_kv, cfg.head_dim);
        let qkv = Linear::forward_many(&[&self.attn_q, &self.attn_k, &self.attn_v], xs)?;
        let q = qkv[0].reshape((b, len, n_head, hd))?.transpose(1, 2)?;
        let k = qkv[1].reshape((b, len, n_kv, hd))?.transpose(1, 2)?;
        let v = qkv[2].reshape((b, len, n_kv, hd))?.transpose(1, 2)?;
        let q = rope.apply(&self.attn_q_norm.forward(&q)?, position)?;
        let k = rope.apply(&self.attn_k_norm.forward(&k)?, position)?;

        let cache = match &mut self.cache {
            Some(cache) => cache,
            empty => empty.insert(KvCache {
                keys: Tensor::zeros((b, n_kv, max_positions, hd), DType::F32, device)?,
                values: Tensor::zeros((b, n_kv, max_positions, hd), DType::F32, device)?,
            }),
        };
        let f16 = |t: &Tensor| t.to_dtype(DType::F16)?.to_dtype(DType::F32);
        cache.keys.slice_set(&f16(&k)?.contiguous()?, 2, position)?;
        cache
            .values
            .slice_set(&f16(&v)?.contiguous()?, 2, position)?;

        // Keys visible to at least one query of this chunk.
        let end = position + len;
        let start = match self.window {
            Some(w) => (position + 1).saturating_sub(w),
            None => 0,
        };
        let keys = cache.keys.narrow(2, start, end - start)?;
        let values = cache.values.narrow(2, start, end - start)?;

        // Grouped-query attention: fold the query heads of each kv head into the rows.
        let n_rep = n_head / n_kv;
        let q = q.reshape((b, n_kv, n_rep * len, hd))?;
        let scale = 1.0 / (hd as f64).sqrt();
        let scores = (q.matmul(&keys.transpose(2, 3)?.contiguous()?)? * scale)?;
        // A single query needs no mask: the window is the narrowed key range.
        let scores = if len > 1 {
            let mask = causal_mask(position, len, start, self.window, device)?;
            scores
                .reshape((b, n_kv, n_rep, len, end - start))?
                .broadcast_add(&mask)?
                .reshape((b, n_kv, n_rep * len, end - start))?
        } else {
            scores
        };
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let out = probs.matmul(&values.contiguous()?)?;
        let out = out
            .reshape((b, n_head, len, hd))?
            .transpose(1, 2)?
            .reshape((b, len, n_head * hd))?;
        Ok(self.attn_output.forward(&out)?)
    }
}

/// Additive mask `(len, end - start)`: query `position + i` sees key `start + j` when the key is
/// not in its future and, for a local layer, is one of its last `window` positions.
fn causal_mask(
    position: usize,
    len: usize,
    start: usize,
    window: Option<usize>,
    device: &Device,
) -> candle_core::Result<Tensor> {
    let keys = position + len - start;
    let mut mask = Vec::with_capacity(len * keys);
    for i in 0..len {
        let query = position + i;
        for j in 0..keys {
            let key = start + j;
            let visible = key <= query && window.is_none_or(|w| query - key < w);
            mask.push(if visible { 0f32 } else { f32::NEG_INFINITY });
        }
    }
    Tensor::from_vec(mask, (len, keys), device)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_rope_scaling_slows_the_global_positions() {
        let plain = Rope::new(4, 10_000.0, 1.0, 9, &Device::Cpu).unwrap();
        let scaled = Rope::new(4, 10_000.0, 0.125, 9, &Device::Cpu).unwrap();
        // Position 8 scaled by 1/8 is position 1 unscaled.
        let at = |r: &Rope, p: usize| r.cos.get(p).unwrap().to_vec1::<f32>().unwrap();
        assert_eq!(at(&scaled, 8), at(&plain, 1));
    }

    #[test]
    fn local_mask_lets_exactly_the_window_through() {
        let mask = causal_mask(0, 6, 0, Some(3), &Device::Cpu).unwrap();
        let rows: Vec<Vec<f32>> = mask.to_vec2().unwrap();
        let visible: Vec<usize> = rows
            .iter()
            .map(|r| r.iter().filter(|v| **v == 0.0).count())
            .collect();
        assert_eq!(visible, vec![1, 2, 3, 3, 3, 3]);
        // Query 5 sees keys 3, 4, 5.
        assert!(rows[5][2].is_infinite() && rows[5][3] == 0.0 && rows[5][5] == 0.0);
    }

    #[test]
    fn mask_of_a_later_chunk_is_offset_by_the_cached_positions() {
        // Chunk of 2 at position 4, window 3: keys start at 2.
        let mask = causal_mask(4, 2, 2, Some(3), &Device::Cpu).unwrap();
        let rows: Vec<Vec<f32>> = mask.to_vec2().unwrap();
        // Query 4 sees 2,3,4; query 5 sees 3,4,5.
        assert_eq!(
            rows[0].iter().map(|v| *v == 0.0).collect::<Vec<_>>(),
            vec![true, true, true, false]
        );
        assert_eq!(
            rows[1].iter().map(|v| *v == 0.0).collect::<Vec<_>>(),
            vec![false, true, true, true]
        );
    }

    #[test]
    fn global_mask_is_causal() {
        let mask = causal_mask(0, 3, 0, None, &Device::Cpu).unwrap();
        let rows: Vec<Vec<f32>> = mask.to_vec2().unwrap();
        assert_eq!(rows[0][1], f32::NEG_INFINITY);
        assert_eq!(rows[2].iter().filter(|v| **v == 0.0).count(), 3);
    }
}
