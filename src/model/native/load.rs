//! Loading the native model from a GGUF file: the matrices our kernels read, mapped in place,
//! the vectors (norms, biases, RoPE factors) read out, the caches allocated; or why the file
//! cannot take the native path.

use std::collections::HashMap;

use anyhow::{Context, Result};
use candle_core::quantized::gguf_file::Value;

use super::script::LatinRows;
use super::{Layer, Native, NotNative, Scratch, PIECE};
use crate::kernels::blocks::dequantize_row;
use crate::kernels::{Isa, QWeight, WeightType};
use crate::model::family::NativeConfig;
use crate::model::gguf::{type_name, Tensors};
use crate::model::linear::{as_q8_0_pairs, native_weight, Mapped};
use crate::model::rope::Rope;

/// Tensor `name` as f32 values (a norm, a bias, RoPE factors), read from the file in any type
/// the kernels decode.
fn vector_of<R: std::io::Read + std::io::Seek>(
    tensors: &Tensors,
    reader: &mut R,
    name: &str,
) -> Result<Vec<f32>> {
    let entry = tensors
        .get(name)
        .with_context(|| format!("no tensor `{name}`"))?;
    let ty = WeightType::from_ggml_id(entry.ggml_type)
        .with_context(|| format!("tensor `{name}` is {}", type_name(entry.ggml_type)))?;
    let len: usize = entry.dims.iter().product();
    anyhow::ensure!(
        len.is_multiple_of(ty.block_values()),
        "tensor `{name}` of {len} values is not a whole number of {ty:?} blocks"
    );
    let mut bytes = vec![0u8; ty.row_bytes(len)];
    reader.seek(std::io::SeekFrom::Start(tensors.start(entry)))?;
    reader
        .read_exact(&mut bytes)
        .with_context(|| format!("reading `{name}`"))?;
    let mut values = vec![0f32; len];
    dequantize_row(ty, &bytes, &mut values);
    Ok(values)
}

/// `vector_of` for a tensor a file may lack.
fn optional_vector<R: std::io::Read + std::io::Seek>(
    tensors: &Tensors,
    reader: &mut R,
    name: &str,
) -> Result<Option<Vec<f32>>> {
    match tensors.contains(name) {
        true => vector_of(tensors, reader, name).map(Some),
        false => Ok(None),
    }
}

impl Native {
    /// Loads the model when every matrix is of a type our kernels read; otherwise says why
    /// not.
    pub fn load<R: std::io::Read + std::io::Seek>(
        metadata: &HashMap<String, Value>,
        reader: &mut R,
        mapped: Mapped,
        config: NativeConfig,
        max_positions: usize,
    ) -> Result<std::result::Result<Self, NotNative>> {
        let weight = |name: &str| -> Result<std::result::Result<QWeight, NotNative>> {
            Ok(native_weight(mapped, name)?.ok_or_else(|| {
                let ty = mapped.tensors.get(name).map(|t| type_name(t.ggml_type));
                NotNative(format!(
                    "tensor `{name}` is {}, a type redacteur's CPU kernels do not read yet",
                    ty.unwrap_or_default()
                ))
            }))
        };
        let embedding = match weight("token_embd.weight")? {
            Ok(w) => w,
            Err(why) => return Ok(Err(why)),
        };
        // The embedding is most often the output projection too, read in full for every
        // token: worth a layout of its own, with the Latin tokens' rows first when it is the
        // output projection (so that a French text reads only those).
        let tied = !mapped.tensors.contains("output.weight");
        let latin = tied
            .then(|| LatinRows::from_metadata(metadata, embedding.rows))
            .flatten();
        let order = latin.as_ref().map(|l| l.row_of_id.as_slice());
        let (embedding, latin) = match as_q8_0_pairs(
            mapped.tensors,
            reader,
            "token_embd.weight",
            &embedding,
            order,
        )? {
            Some(pairs) => (pairs, latin),
            None => (embedding, None),
        };
        let output = match tied {
            false => match weight("output.weight")? {
                Ok(w) => w,
                Err(why) => return Ok(Err(why)),
            },
            true => embedding.clone(),
        };
        let max_positions = max_positions.min(config.context_length);
        let kv_dim = config.head_count_kv * config.head_dim;
        let mut layers = Vec::with_capacity(config.block_count);
        for i in 0..config.block_count {
            let n = |s: &str| format!("blk.{i}.{s}.weight");
            let mut matrices = Vec::new();
            for name in [
                "attn_q",
                "attn_k",
                "attn_v",
                "attn_output",
                "ffn_gate",
                "ffn_up",
                "ffn_down",
            ] {
                match weight(&n(name))? {
                    Ok(w) => matrices.push(w),
                    Err(why) => return Ok(Err(why)),
                }
            }
            let mut m = matrices.into_iter();
            let mut next = || m.next().expect("seven matrices");
            let window = config.window(i);
            let mut bias =
                |s: &str| optional_vector(mapped.tensors, reader, &format!("blk.{i}.{s}.bias"));
            let qkv_bias = match (bias("attn_q")?, bias("attn_k")?, bias("attn_v")?) {
                (Some(q), Some(k), Some(v)) => Some([q, k, v].concat()),
                (None, None, None) => None,
                _ => anyhow::bail!("layer {i} has biases on some of its q, k, v but not all"),
            };
            let capacity = match window {
                Some(w) => (w + PIECE).min(max_positions),
                None => max_positions,
            };
            layers.push(Layer {
                q: next(),
                k: next(),
                v: next(),
                o: next(),
                gate: next(),
                up: next(),
                down: next(),
                attn_norm: vector_of(mapped.tensors, reader, &n("attn_norm"))?,
                q_norm: optional_vector(mapped.tensors, reader, &n("attn_q_norm"))?,
                k_norm: optional_vector(mapped.tensors, reader, &n("attn_k_norm"))?,
                qkv_bias,
                post_attention_norm: optional_vector(
                    mapped.tensors,
                    reader,
                    &n("post_attention_norm"),
                )?,
                ffn_norm: vector_of(mapped.tensors, reader, &n("ffn_norm"))?,
                post_ffw_norm: optional_vector(mapped.tensors, reader, &n("post_ffw_norm"))?,
                window,
                // Zeroed pages cost no memory until a position is written.
                keys: vec![0u16; capacity * kv_dim],
                values: vec![0u16; capacity * kv_dim],
                capacity,
                tail_keys: Vec::new(),
                tail_values: Vec::new(),
            });
        }
        let output_norm = vector_of(mapped.tensors, reader, "output_norm.weight")?;
        // Llama 3's frequency factors, when the file has them.
        let factors = optional_vector(mapped.tensors, reader, "rope_freqs.weight")?;
        if let Some(f) = &factors {
            anyhow::ensure!(
                f.len() == config.head_dim / 2,
                "`rope_freqs.weight` has {} values for heads of {}",
                f.len(),
                config.head_dim
            );
        }
        let rope_global = Rope::new(
            config.head_dim,
            config.rope_freq_base,
            config.rope_scale,
            config.rope_layout,
            factors.as_deref(),
        );
        let rope_local = config.sliding.as_ref().map(|s| {
            Rope::new(
                config.head_dim,
                s.rope_freq_base,
                1.0,
                config.rope_layout,
                None,
            )
        });
        Ok(Ok(Self {
            config,
            embedding,
            output,
            latin,
            latin_only: false,
            layers,
            output_norm,
            rope_global,
            rope_local,
            max_positions,
            cached: 0,
            tail_stride: 0,
            scratch: Scratch::default(),
            isa: Isa::detected(),
        }))
    }
}
