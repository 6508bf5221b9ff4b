//! The decoder forward pass on the CPU over plain buffers, for every architecture the native
//! path reads (gemma3, qwen2, qwen3, llama; `family.rs` says how they differ): our quantized
//! kernels on the memory-mapped weights, a key/value cache allocated once (a ring of
//! `window + 256` positions for sliding-window layers), scratch buffers reused from token to
//! token, logits only for the positions asked for. It is tested against candle's tensors:
//! `gemma3.rs` for Gemma 3, candle-transformers' quantized models for the others.

use std::ops::Range;

use crate::kernels::pool::Pool;
use anyhow::{ensure, Result};
use candle_core::{Device, Tensor};

mod load;
mod script;

use super::attention::{self, Branches, Cache, Heads, Piece};
use super::family::{Activation, NativeConfig};
use super::rope::Rope;
use crate::kernels::{activation, matmul, matmul_many, vector, Isa, QWeight, Quantized};

/// Tokens run through the layers at once; longer inputs go in pieces of this size. It bounds
/// the scratch buffers (about 12 MB) and how far a piece reaches back into a sliding layer's
/// ring; the kernels reach full speed well below it.
const PIECE: usize = 256;

struct Layer {
    q: QWeight,
    k: QWeight,
    v: QWeight,
    o: QWeight,
    gate: QWeight,
    up: QWeight,
    down: QWeight,
    attn_norm: Vec<f32>,
    /// Per-head norms of queries and keys (gemma3, qwen3).
    q_norm: Option<Vec<f32>>,
    k_norm: Option<Vec<f32>>,
    /// Biases of the query, key and value projections side by side (qwen2).
    qkv_bias: Option<Vec<f32>>,
    /// Norms of each block's output before the residual (gemma3).
    post_attention_norm: Option<Vec<f32>>,
    ffn_norm: Vec<f32>,
    post_ffw_norm: Option<Vec<f32>>,
    window: Option<usize>,
    /// Keys and values in f16 (as llama.cpp's cache holds them), `capacity × kv_dim` each;
    /// position `p` lives in slot `p % capacity`.
    keys: Vec<u16>,
    values: Vec<u16>,
    capacity: usize,
    /// Branches' own keys and values past the shared prefix, `stride` positions a branch.
    tail_keys: Vec<u16>,
    tail_values: Vec<u16>,
}

/// Pieces at least this long share their per-token work out over the thread pool.
const PARALLEL_FROM: usize = 16;

/// `f(out row, input row)` for each token of a piece: `out` in rows of `out_width`, `input`
/// in rows of `in_width`.
fn rows(
    out: &mut [f32],
    out_width: usize,
    input: &[f32],
    in_width: usize,
    f: impl Fn(&mut [f32], &[f32]) + Sync,
) {
    let (outs, ins) = (out.len() / out_width, input.len() / in_width);
    debug_assert_eq!(outs, ins);
    match outs >= PARALLEL_FROM {
        true => Pool::global().rows_mut(out, out_width, |i, o| {
            f(o, &input[i * in_width..][..in_width])
        }),
        false => out
            .chunks_exact_mut(out_width)
            .zip(input.chunks_exact(in_width))
            .for_each(|(o, i)| f(o, i)),
    }
}

/// `f(a row, b row)` for each token of a piece, both rows `width` wide and both written.
fn rows_both(
    a: &mut [f32],
    b: &mut [f32],
    width: usize,
    f: impl Fn(&mut [f32], &mut [f32]) + Sync,
) {
    debug_assert_eq!(a.len(), b.len());
    match a.len() / width >= PARALLEL_FROM {
        true => Pool::global().rows_mut2(a, width, b, width, |_, x, y| f(x, y)),
        false => a
            .chunks_exact_mut(width)
            .zip(b.chunks_exact_mut(width))
            .for_each(|(x, y)| f(x, y)),
    }
}

/// Buffers of one piece, grown once to the largest piece and reused.
#[derive(Default)]
struct Scratch {
    x: Vec<f32>,
    h: Vec<f32>,
    qkv: Vec<f32>,
    attn: Vec<f32>,
    proj: Vec<f32>,
    gate_up: Vec<f32>,
    act: Vec<f32>,
    quantized: Quantized,
    /// Logits in the output projection's row order, before they are put in id order.
    rows: Vec<f32>,
}

/// Why a file cannot take the native path (a weight type our kernels do not read, a RoPE
/// scaling not implemented): said to the user once, as the reason for the slower path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotNative(pub String);

pub struct Native {
    config: NativeConfig,
    embedding: QWeight,
    output: QWeight,
    /// The order of the embedding's rows when the Latin tokens' come first (the embedding
    /// is the output projection); `None`: in id order.
    latin: Option<script::LatinRows>,
    /// Only the Latin tokens' logits are computed; the others are `-inf`.
    latin_only: bool,
    layers: Vec<Layer>,
    output_norm: Vec<f32>,
    rope_global: Rope,
    /// The sliding-window layers' RoPE (gemma3).
    rope_local: Option<Rope>,
    max_positions: usize,
    /// Positions held in the cache.
    cached: usize,
    /// Positions each branch's tail holds (see `forward_branches`).
    tail_stride: usize,
    scratch: Scratch,
    isa: Isa,
}

impl Native {
    pub fn max_positions(&self) -> usize {
        self.max_positions
    }

    pub fn config(&self) -> &NativeConfig {
        &self.config
    }

    pub fn clear_cache(&mut self) {
        self.cached = 0;
    }

    /// Asks for the logits of the tokens written in Latin script alone (`on`), or of every
    /// token; says whether it is so now. Where the model's rows are not in that order (its
    /// output projection is not its embedding, its vocabulary is byte-level, its embedding
    /// is not Q8_0), every logit is still computed.
    pub fn set_latin_only(&mut self, on: bool) -> bool {
        self.latin_only = on && self.latin.is_some();
        self.latin_only
    }

    /// Logits of the last of `ids`, placed at `position`.
    pub fn forward(&mut self, ids: &[u32], position: usize) -> Result<Tensor> {
        // The layers first (no rows asked), then the last row projected straight into the
        // vector the tensor takes over: no copy of the 262,144 logits on the decoding path.
        self.forward_rows(ids, position, 0..0, &mut |_, _| Ok(()))?;
        let last_in_piece = (ids.len() - 1) % PIECE;
        let mut logits = vec![0f32; self.output.rows];
        self.project(last_in_piece, 1, &mut logits);
        let n = logits.len();
        Ok(Tensor::from_vec(logits, n, &Device::Cpu)?)
    }

    /// Logits of every one of `ids`, `(len, vocab)`.
    pub fn forward_all(&mut self, ids: &[u32], position: usize) -> Result<Tensor> {
        let vocab = self.output.rows;
        let mut all = Vec::with_capacity(ids.len() * vocab);
        self.forward_rows(ids, position, 0..ids.len(), &mut |_, row| {
            all.extend_from_slice(row);
            Ok(())
        })?;
        Ok(Tensor::from_vec(all, (ids.len(), vocab), &Device::Cpu)?)
    }

    /// Runs `ids` at `position` (the cache holding `0..position`) and hands the logits of each
    /// position in `rows` (indices into `ids`) to `each`.
    pub fn forward_rows(
        &mut self,
        ids: &[u32],
        position: usize,
        rows: Range<usize>,
        each: &mut dyn FnMut(usize, &[f32]) -> Result<()>,
    ) -> Result<()> {
        ensure!(!ids.is_empty(), "forward needs at least one token");
        ensure!(rows.end <= ids.len(), "rows past the end of the ids");
        ensure!(
            position + ids.len() <= self.max_positions,
            "context full: {} tokens do not fit in {} positions",
            position + ids.len(),
            self.max_positions
        );
        ensure!(
            position <= self.cached,
            "position {position} is past the {} cached positions",
            self.cached
        );
        for id in ids {
            ensure!(
                (*id as usize) < self.embedding.rows,
                "token id {id} is past the vocabulary ({})",
                self.embedding.rows
            );
        }
        let mut start = 0;
        while start < ids.len() {
            let end = (start + PIECE).min(ids.len());
            self.piece(&ids[start..end], position + start)?;
            let wanted = rows.start.max(start)..rows.end.min(end);
            if !wanted.is_empty() {
                self.logits(wanted.start - start..wanted.end - start, start, each)?;
            }
            start = end;
        }
        Ok(())
    }

    /// Decodes one token on each of several branches of the cached prefix, side by side:
    /// `ids[i]` goes on branch `of[i]` at `positions[i]` (at least the cached length, less
    /// than `stride` past it) and its logits are handed to `each(i, ..)`. Each branch keeps
    /// its own keys past the prefix, `stride` positions of them; the prefix stays as it is,
    /// so the next prompt still reuses it.
    pub fn forward_branches(
        &mut self,
        ids: &[u32],
        of: &[usize],
        positions: &[usize],
        stride: usize,
        each: &mut dyn FnMut(usize, &[f32]) -> Result<()>,
    ) -> Result<()> {
        ensure!(
            !ids.is_empty()
                && ids.len() == of.len()
                && ids.len() == positions.len()
                && ids.len() <= PIECE,
            "branches need one token and one position each, at most {PIECE}"
        );
        let start = self.cached;
        for &position in positions {
            ensure!(
                position >= start && position < start + stride,
                "position {position} is outside the branches' {stride} positions after {start}"
            );
            ensure!(
                position < self.max_positions,
                "context full: position {position} is past the {} positions",
                self.max_positions
            );
        }
        let mut seen = of.to_vec();
        seen.sort_unstable();
        seen.dedup();
        ensure!(seen.len() == of.len(), "two tokens on one branch");
        for id in ids {
            ensure!(
                (*id as usize) < self.embedding.rows,
                "token id {id} is past the vocabulary ({})",
                self.embedding.rows
            );
        }
        let kv_dim = self.config.head_count_kv * self.config.head_dim;
        let needed = (seen[seen.len() - 1] + 1) * stride * kv_dim;
        for layer in &mut self.layers {
            if self.tail_stride != stride || layer.tail_keys.len() < needed {
                layer.tail_keys.resize(needed, 0);
                layer.tail_values.resize(needed, 0);
            }
        }
        self.tail_stride = stride;
        self.run_piece(ids, start, Some((of, positions)))?;
        self.logits(0..ids.len(), 0, each)
    }

    /// The output projection of rows `rows` of the last piece (`offset` is the piece's index
    /// in the caller's ids), a few rows at a time.
    fn logits(
        &mut self,
        rows: Range<usize>,
        offset: usize,
        each: &mut dyn FnMut(usize, &[f32]) -> Result<()>,
    ) -> Result<()> {
        const SLICE: usize = 32;
        let vocab = self.output.rows;
        let mut logits = vec![0f32; SLICE.min(rows.len()) * vocab];
        let mut r = rows.start;
        while r < rows.end {
            let n = SLICE.min(rows.end - r);
            self.project(r, n, &mut logits[..n * vocab]);
            for (i, row) in logits[..n * vocab].chunks_exact(vocab).enumerate() {
                each(offset + r + i, row)?;
            }
            r += n;
        }
        Ok(())
    }

    /// The logits of rows `r..r + n` of the last piece into `out` (`n × vocab`).
    fn project(&mut self, r: usize, n: usize, out: &mut [f32]) {
        let d = self.config.embedding_length;
        let s = &mut self.scratch;
        s.h.clear();
        s.h.extend_from_slice(&s.x[r * d..(r + n) * d]);
        for row in s.h.chunks_exact_mut(d) {
            vector::rms_norm(row, &self.output_norm, self.config.rms_norm_eps);
        }
        s.quantized.quantize(self.output.ty.activations(), &s.h, d);
        let Some(latin) = &self.latin else {
            return matmul(self.isa, &self.output, &s.quantized, out);
        };
        if self.latin_only {
            s.rows.resize(n * latin.latin, 0.0);
            let rows = self.output.first_rows(latin.latin);
            matmul(self.isa, &rows, &s.quantized, &mut s.rows);
            return latin.spread(&s.rows, out);
        }
        let vocab = self.output.rows;
        s.rows.resize(n * vocab, 0.0);
        matmul(self.isa, &self.output, &s.quantized, &mut s.rows);
        latin.gather(&s.rows, out);
    }

    /// Runs one piece (at most `PIECE` tokens) through every layer; leaves its hidden states
    /// in `scratch.x`.
    fn piece(&mut self, ids: &[u32], position: usize) -> Result<()> {
        self.run_piece(ids, position, None)
    }

    /// A piece placed at `position..position + n`, or with `branches` `(of, positions)`,
    /// token `i` on branch `of[i]` at `positions[i]` (its keys in the branch's tail, the
    /// cache as it was).
    fn run_piece(
        &mut self,
        ids: &[u32],
        position: usize,
        branches: Option<(&[usize], &[usize])>,
    ) -> Result<()> {
        let cfg = &self.config;
        let (d, n) = (cfg.embedding_length, ids.len());
        let (n_head, n_kv, hd) = (cfg.head_count, cfg.head_count_kv, cfg.head_dim);
        let (q_dim, kv_dim) = (n_head * hd, n_kv * hd);
        let eps = cfg.rms_norm_eps;
        let shape = Heads {
            n_head,
            n_kv,
            head_dim: hd,
        };
        let (start, stride) = (self.cached, self.tail_stride);
        for rope in std::iter::once(&mut self.rope_global).chain(self.rope_local.as_mut()) {
            match branches {
                Some((_, at)) => rope.prepare_at(at.iter().copied()),
                None => rope.prepare(position, n),
            }
        }
        let s = &mut self.scratch;
        s.x.resize(n * d, 0.0);
        let scale = cfg.embedding_scale;
        for (row, id) in s.x.chunks_exact_mut(d).zip(ids) {
            let r = match &self.latin {
                Some(latin) => latin.row_of_id[*id as usize] as usize,
                None => *id as usize,
            };
            self.embedding.dequantize_row(r, row);
            if scale != 1.0 {
                row.iter_mut().for_each(|v| *v *= scale);
            }
        }
        for layer in &mut self.layers {
            let rope = match (layer.window, &self.rope_local) {
                (Some(_), Some(local)) => local,
                _ => &self.rope_global,
            };
            // Attention block.
            s.h.resize(n * d, 0.0);
            rows(&mut s.h, d, &s.x, d, |h, x| {
                h.copy_from_slice(x);
                vector::rms_norm(h, &layer.attn_norm, eps);
            });
            let width = q_dim + 2 * kv_dim;
            s.qkv.resize(n * width, 0.0);
            s.quantized.quantize(layer.q.ty.activations(), &s.h, d);
            matmul_many(
                self.isa,
                &[&layer.q, &layer.k, &layer.v],
                &s.quantized,
                &mut s.qkv,
            );
            let normed = |i: usize, row: &mut [f32]| {
                if let Some(bias) = &layer.qkv_bias {
                    row.iter_mut().zip(bias).for_each(|(x, b)| *x += b);
                }
                let (q, k) = row[..q_dim + kv_dim].split_at_mut(q_dim);
                for head in q.chunks_exact_mut(hd) {
                    if let Some(norm) = &layer.q_norm {
                        vector::rms_norm(head, norm, eps);
                    }
                    rope.apply(head, i);
                }
                for head in k.chunks_exact_mut(hd) {
                    if let Some(norm) = &layer.k_norm {
                        vector::rms_norm(head, norm, eps);
                    }
                    rope.apply(head, i);
                }
            };
            match n >= PARALLEL_FROM {
                true => Pool::global().rows_mut(&mut s.qkv, width, normed),
                false => s
                    .qkv
                    .chunks_exact_mut(width)
                    .enumerate()
                    .for_each(|(i, row)| normed(i, row)),
            }
            for (i, row) in s.qkv.chunks_exact(width).enumerate() {
                let (keys, values, slot) = match branches {
                    Some((of, at)) => (
                        &mut layer.tail_keys,
                        &mut layer.tail_values,
                        (of[i] * stride + at[i] - start) * kv_dim,
                    ),
                    None => (
                        &mut layer.keys,
                        &mut layer.values,
                        ((position + i) % layer.capacity) * kv_dim,
                    ),
                };
                let (k, v) = row[q_dim..].split_at(kv_dim);
                vector::narrow_f16(k, &mut keys[slot..slot + kv_dim]);
                vector::narrow_f16(v, &mut values[slot..slot + kv_dim]);
            }
            s.attn.resize(n * q_dim, 0.0);
            let cache = Cache {
                keys: &layer.keys,
                values: &layer.values,
                capacity: layer.capacity,
                window: layer.window,
            };
            let piece = Piece {
                qkv: &s.qkv,
                width,
                position,
                n,
            };
            match branches {
                Some((of, positions)) => {
                    let tails = Branches {
                        keys: &layer.tail_keys,
                        values: &layer.tail_values,
                        start,
                        stride,
                        of,
                        positions,
                    };
                    attention::attend_branches(&cache, &tails, &piece, &shape, &mut s.attn)
                }
                None => attention::attend(&cache, &piece, &shape, &mut s.attn),
            }
            s.proj.resize(n * d, 0.0);
            s.quantized
                .quantize(layer.o.ty.activations(), &s.attn, q_dim);
            matmul(self.isa, &layer.o, &s.quantized, &mut s.proj);
            // The residual, then the feed-forward block's input.
            residual(
                &mut s.x,
                &mut s.proj,
                d,
                layer.post_attention_norm.as_deref(),
                eps,
            );
            rows(&mut s.h, d, &s.x, d, |h, x| {
                h.copy_from_slice(x);
                vector::rms_norm(h, &layer.ffn_norm, eps);
            });
            let ff = layer.gate.rows;
            s.gate_up.resize(n * 2 * ff, 0.0);
            s.quantized.quantize(layer.gate.ty.activations(), &s.h, d);
            matmul_many(
                self.isa,
                &[&layer.gate, &layer.up],
                &s.quantized,
                &mut s.gate_up,
            );
            s.act.resize(n * ff, 0.0);
            let gated = match cfg.activation {
                Activation::Gelu => activation::gelu_times,
                Activation::Silu => activation::silu_times,
            };
            rows(&mut s.act, ff, &s.gate_up, 2 * ff, |a, gu| {
                gated(&gu[..ff], &gu[ff..], a)
            });
            s.quantized
                .quantize(layer.down.ty.activations(), &s.act, ff);
            matmul(self.isa, &layer.down, &s.quantized, &mut s.proj);
            residual(
                &mut s.x,
                &mut s.proj,
                d,
                layer.post_ffw_norm.as_deref(),
                eps,
            );
        }
        if branches.is_none() {
            self.cached = position + n;
        }
        Ok(())
    }
}

/// `x += p`, with `p` normed first when the block has a post-norm (gemma3).
fn residual(x: &mut [f32], p: &mut [f32], d: usize, norm: Option<&[f32]>, eps: f32) {
    match norm {
        Some(norm) => rows_both(x, p, d, |x, p| vector::add_rms_norm(x, p, norm, eps)),
        None => x.iter_mut().zip(p.iter()).for_each(|(x, p)| *x += p),
    }
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Native")
            .field("architecture", &self.config.architecture)
            .field("layers", &self.layers.len())
            .field("max_positions", &self.max_positions)
            .finish()
    }
}
