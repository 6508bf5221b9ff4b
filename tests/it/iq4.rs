//! The IQ4 weight types (IQ4_NL, IQ4_XS), which candle neither reads nor writes, end to end: a
//! small model whose matrices are IQ4 runs on the native path as candle runs the same weights
//! dequantized to F32, and candle's path refuses the file by name.

use std::path::{Path, PathBuf};

use candle_core::quantized::ggml_file::qtensor_from_ggml;
use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};
use redacteur::kernels::blocks::{dequantize_row, IQ4_VALUES};
use redacteur::kernels::WeightType;
use redacteur::model::Model;

use crate::architectures::{logits_agree, write_fixture_with, Dims, Tolerance, Vocabulary};

/// The index of the table value nearest `x`.
fn nearest(x: f32) -> u8 {
    (0..16u8)
        .min_by(|&a, &b| {
            let (da, db) = (
                IQ4_VALUES[a as usize] as f32 - x,
                IQ4_VALUES[b as usize] as f32 - x,
            );
            da.abs().total_cmp(&db.abs())
        })
        .expect("16 values")
}

/// The signed value of largest magnitude (0 for none).
fn extreme(xs: &[f32]) -> f32 {
    xs.iter()
        .fold(0f32, |m, &x| if x.abs() > m.abs() { x } else { m })
}

/// 32 values as 16 bytes of indices at scale `d` (low nibbles the first 16 values).
fn indices(xs: &[f32], d: f32, out: &mut [u8]) {
    let id = if d == 0.0 { 0.0 } else { 1.0 / d };
    for j in 0..16 {
        out[j] = nearest(xs[j] * id) | (nearest(xs[j + 16] * id) << 4);
    }
}

/// A plain round-to-nearest quantizer for the IQ4 types (llama.cpp's searches for better
/// scales; any blocks do for these tests, which compare engines on the same bytes).
pub(crate) fn quantize(ty: WeightType, xs: &[f32]) -> Vec<u8> {
    let f16 = |x: f32| half::f16::from_f32(x);
    let mut out = Vec::new();
    match ty {
        WeightType::IQ4NL => {
            for block in xs.chunks_exact(32) {
                // The extreme maps to the table's −127.
                let d = f16(extreme(block) / -127.0);
                let mut b = [0u8; 18];
                b[..2].copy_from_slice(&d.to_le_bytes());
                indices(block, d.to_f32(), &mut b[2..]);
                out.extend(b);
            }
        }
        WeightType::IQ4XS => {
            for block in xs.chunks_exact(256) {
                let subs: Vec<f32> = block
                    .chunks_exact(32)
                    .map(|s| extreme(s) / -127.0)
                    .collect();
                let d = f16(subs.iter().fold(0f32, |m, s| m.max(s.abs())) / 31.0);
                let mut b = [0u8; 136];
                b[..2].copy_from_slice(&d.to_le_bytes());
                let mut high = 0u16;
                for (j, s) in subs.iter().enumerate() {
                    let l = match d.to_f32() {
                        0.0 => 0,
                        d => ((s / d).round() as i32).clamp(-32, 31),
                    };
                    let ls = (l + 32) as u16;
                    b[4 + j / 2] |= ((ls & 0xF) as u8) << (4 * (j % 2));
                    high |= (ls >> 4) << (2 * j);
                    let dl = d.to_f32() * l as f32;
                    indices(&block[32 * j..32 * j + 32], dl, &mut b[8 + 16 * j..]);
                }
                b[2..4].copy_from_slice(&high.to_le_bytes());
                out.extend(b);
            }
        }
        other => panic!("{other:?} is not an IQ4 type"),
    }
    out
}

/// A GGUF tensor's type number.
fn ggml_id(ty: WeightType) -> u32 {
    match ty {
        WeightType::IQ4NL => 20,
        _ => 23,
    }
}

/// Writes two copies of the F32-matrix fixture at `source`: one with each matrix quantized to
/// `ty`, one with those matrices dequantized again to F32 (the same weights, for candle).
/// candle writes both; in the first, each IQ4 matrix goes in as a type of the same size in
/// bytes (Q4_0 for IQ4_NL; F16 for IQ4_XS, 68 values for each 256), then its type number (and
/// width) are set in the header.
fn iq4_and_reference(source: &Path, ty: WeightType, dir: &Path) -> (PathBuf, PathBuf) {
    let mut reader = std::fs::File::open(source).unwrap();
    let content = gguf_file::Content::read(&mut reader).unwrap();
    let mut names: Vec<&String> = content.tensor_infos.keys().collect();
    names.sort();
    let (mut iq4, mut reference) = (Vec::new(), Vec::new());
    let mut retyped = Vec::new();
    for name in names {
        let tensor = content.tensor(&mut reader, name, &Device::Cpu).unwrap();
        let dims = tensor.shape().dims().to_vec();
        let matrix = name.starts_with("blk.") && dims.len() == 2;
        if !matrix {
            iq4.push((name.clone(), tensor));
            let again = content.tensor(&mut reader, name, &Device::Cpu).unwrap();
            reference.push((name.clone(), again));
            continue;
        }
        let (rows, cols) = (dims[0], dims[1]);
        let values: Vec<f32> = tensor
            .dequantize(&Device::Cpu)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap();
        let bytes = quantize(ty, &values);
        let mut again = vec![0f32; rows * cols];
        let row_bytes = ty.row_bytes(cols);
        for (r, row) in again.chunks_exact_mut(cols).enumerate() {
            dequantize_row(ty, &bytes[r * row_bytes..(r + 1) * row_bytes], row);
        }
        let again = Tensor::from_vec(again, (rows, cols), &Device::Cpu).unwrap();
        reference.push((
            name.clone(),
            QTensor::quantize(&again, GgmlDType::F32).unwrap(),
        ));
        let stand_in = match ty {
            WeightType::IQ4NL => qtensor_from_ggml(GgmlDType::Q4_0, &bytes, dims, &Device::Cpu),
            _ => qtensor_from_ggml(
                GgmlDType::F16,
                &bytes,
                vec![rows, cols / 256 * 68],
                &Device::Cpu,
            ),
        };
        iq4.push((name.clone(), stand_in.unwrap()));
        retyped.push((name.clone(), cols));
    }
    let metadata: Vec<(&str, &Value)> = content
        .metadata
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let write = |path: &Path, tensors: &[(String, QTensor)]| {
        let refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let mut file = std::fs::File::create(path).unwrap();
        gguf_file::write(&mut file, &metadata, &refs).unwrap();
    };
    let (iq4_path, reference_path) = (dir.join("iq4.gguf"), dir.join("reference.gguf"));
    write(&iq4_path, &iq4);
    write(&reference_path, &reference);
    let mut bytes = std::fs::read(&iq4_path).unwrap();
    for (name, cols) in retyped {
        // The tensor's entry: its name's length and bytes, 2 dimensions, the width first.
        let mut key = (name.len() as u64).to_le_bytes().to_vec();
        key.extend(name.as_bytes());
        key.extend(2u32.to_le_bytes());
        let at = bytes
            .windows(key.len())
            .position(|w| w == key)
            .unwrap_or_else(|| panic!("`{name}` in the header"))
            + key.len();
        bytes[at..at + 8].copy_from_slice(&(cols as u64).to_le_bytes());
        bytes[at + 16..at + 20].copy_from_slice(&ggml_id(ty).to_le_bytes());
    }
    std::fs::write(&iq4_path, bytes).unwrap();
    (iq4_path, reference_path)
}

/// The small model of the architecture tests, with F32 matrices to quantize from.
fn source_fixture(dir: &Path, architecture: &str, vocabulary: Vocabulary) -> PathBuf {
    let dims = Dims::compared(GgmlDType::F32);
    write_fixture_with(dir, architecture, vocabulary, &dims)
}

#[test]
fn iq4_models_run_natively_as_candle_runs_their_weights_dequantized() {
    for (architecture, pre) in [("qwen2", "qwen2"), ("llama", "llama-bpe")] {
        for ty in [WeightType::IQ4NL, WeightType::IQ4XS] {
            let dir = tempfile::tempdir().unwrap();
            let source = source_fixture(dir.path(), architecture, Vocabulary::ByteLevel { pre });
            let (iq4, reference) = iq4_and_reference(&source, ty, dir.path());
            let label = format!("{architecture} {ty:?}");
            logits_agree(&iq4, &reference, &label, Tolerance::DEQUANTIZED);
        }
    }
}

#[test]
fn candle_refuses_an_iq4_file_by_tensor_and_type() {
    let dir = tempfile::tempdir().unwrap();
    let source = source_fixture(dir.path(), "qwen2", Vocabulary::ByteLevel { pre: "qwen2" });
    let (iq4, _) = iq4_and_reference(&source, WeightType::IQ4XS, dir.path());
    let err = Model::load_candle(&iq4, 64, &Device::Cpu)
        .err()
        .expect("candle cannot read IQ4_XS");
    let message = format!("{err:#}");
    assert!(
        message.contains("tensor `blk.0.attn_k.weight` is IQ4_XS")
            && message.contains("only redacteur's native CPU path reads"),
        "{message}"
    );
}
