//! The kernels against candle's own dequantization, for every weight type and instruction set
//! (the IQ4 types, which candle lacks, against our portable decoding of random blocks, itself
//! checked against llama.cpp's `gguf-py` in `tests/it/gguf_python.rs`).

use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};

use super::*;

/// Each type as candle quantizes it; `None` for the types candle lacks.
const TYPES: [(Option<GgmlDType>, WeightType); 15] = [
    (Some(GgmlDType::Q8_0), WeightType::Q8_0),
    (Some(GgmlDType::Q5_0), WeightType::Q5_0),
    (Some(GgmlDType::Q4K), WeightType::Q4K),
    (Some(GgmlDType::Q6K), WeightType::Q6K),
    (Some(GgmlDType::Q4_0), WeightType::Q4_0),
    (Some(GgmlDType::Q4_1), WeightType::Q4_1),
    (Some(GgmlDType::Q5_1), WeightType::Q5_1),
    (Some(GgmlDType::Q5K), WeightType::Q5K),
    (Some(GgmlDType::Q3K), WeightType::Q3K),
    (Some(GgmlDType::Q2K), WeightType::Q2K),
    (None, WeightType::IQ4NL),
    (None, WeightType::IQ4XS),
    (Some(GgmlDType::F32), WeightType::F32),
    (Some(GgmlDType::F16), WeightType::F16),
    (Some(GgmlDType::BF16), WeightType::BF16),
];

/// Random blocks of an IQ4 type: random indices and sub-block scales, and an f16 scale of
/// 0.001 to 0.03 at the start of each block.
pub(crate) fn random_iq4(ty: WeightType, rows: usize, cols: usize, seed: u64) -> Vec<u8> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut bytes: Vec<u8> = (0..rows * ty.row_bytes(cols))
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 56) as u8
        })
        .collect();
    for (i, block) in bytes.chunks_exact_mut(ty.block_bytes()).enumerate() {
        let d = 0.001 + 0.029 * ((i * 7919) % 101) as f32 / 100.0;
        block[..2].copy_from_slice(&half::f16::from_f32(d).to_le_bytes());
    }
    bytes
}

/// Deterministic values with a spread of magnitudes (xorshift).
pub(crate) fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let u = (s >> 11) as f32 / (1u64 << 53) as f32 - 0.5;
            u * if i % 7 == 0 { 4.0 } else { 1.0 }
        })
        .collect()
}

fn quantized(
    dtype: Option<GgmlDType>,
    ty: WeightType,
    rows: usize,
    cols: usize,
) -> (QWeight, Vec<f32>) {
    let Some(dtype) = dtype else {
        let bytes = Bytes::from_vec(random_iq4(ty, rows, cols, 7));
        let w = QWeight::new(ty, rows, cols, bytes).unwrap();
        let mut reference = vec![0f32; rows * cols];
        for (r, row) in reference.chunks_exact_mut(cols).enumerate() {
            w.dequantize_row(r, row);
        }
        return (w, reference);
    };
    let w = Tensor::from_vec(values(rows * cols, 7), (rows, cols), &Device::Cpu).unwrap();
    let q = QTensor::quantize(&w, dtype).unwrap();
    let reference: Vec<f32> = q
        .dequantize(&Device::Cpu)
        .unwrap()
        .flatten_all()
        .unwrap()
        .to_vec1()
        .unwrap();
    let bytes = q.data().unwrap().to_vec();
    (
        QWeight::new(ty, rows, cols, Bytes::from_vec(bytes)).unwrap(),
        reference,
    )
}

#[test]
fn rows_dequantize_as_candle_does() {
    for (dtype, ty) in TYPES.into_iter().filter(|(d, _)| d.is_some()) {
        let (w, reference) = quantized(dtype, ty, 3, 512);
        let mut row = vec![0f32; 512];
        for r in 0..3 {
            w.dequantize_row(r, &mut row);
            assert_eq!(row, reference[r * 512..(r + 1) * 512], "{ty:?} row {r}");
        }
    }
}

#[test]
fn products_match_the_dequantized_weights_on_every_instruction_set() {
    let (rows, cols) = (37, 768);
    for (dtype, ty) in TYPES {
        let (w, reference) = quantized(dtype, ty, rows, cols);
        // 2, 3, 6 and 7 tokens: the 512-bit kernels' groups of 2 and 3, alone and after 4.
        for tokens in [1, 2, 3, 4, 6, 7, 9, 13, 17, 40] {
            let xs = values(tokens * cols, 11 + tokens as u64);
            let mut acts = Quantized::default();
            acts.quantize(ty.activations(), &xs, cols);
            let mut portable = vec![0f32; tokens * rows];
            matmul(Isa::Portable, &w, &acts, &mut portable);
            for t in 0..tokens {
                for r in 0..rows {
                    let exact: f32 = (0..cols)
                        .map(|c| reference[r * cols + c] * xs[t * cols + c])
                        .sum();
                    let norm: f32 = (0..cols)
                        .map(|c| (reference[r * cols + c] * xs[t * cols + c]).abs())
                        .sum();
                    let got = portable[t * rows + r];
                    assert!(
                        (got - exact).abs() <= 0.01 * norm,
                        "{ty:?} token {t} row {r}: {got} vs {exact} (scale {norm})"
                    );
                }
            }
            for isa in Isa::available() {
                let mut out = vec![0f32; tokens * rows];
                matmul(isa, &w, &acts, &mut out);
                for (i, (a, b)) in out.iter().zip(&portable).enumerate() {
                    assert!(
                        (a - b).abs() <= 1e-4 * (1.0 + b.abs()),
                        "{ty:?} {isa:?} tokens {tokens} at {i}: {a} vs portable {b}"
                    );
                }
            }
        }
    }
}

/// The 512-bit one-token K-quant and Q8_0 products sum in integers what the 256-bit ones sum,
/// and takes the same float steps: the same bits, so the articles do not move.
#[test]
fn one_token_k_quants_give_the_256_bit_products_bits() {
    #[cfg(target_arch = "x86_64")]
    {
        let wide = Isa::X86(x86::Level::Avx512Vnni);
        if !wide.runs_here() {
            return;
        }
        for (dtype, ty) in [
            (GgmlDType::Q4K, WeightType::Q4K),
            (GgmlDType::Q5K, WeightType::Q5K),
            (GgmlDType::Q6K, WeightType::Q6K),
            (GgmlDType::Q3K, WeightType::Q3K),
            (GgmlDType::Q2K, WeightType::Q2K),
            (GgmlDType::Q8_0, WeightType::Q8_0),
        ] {
            // 800 wide: Q8_0's 25 blocks leave one after the groups of four.
            let cols = if ty == WeightType::Q8_0 { 800 } else { 768 };
            let rows = 37;
            let (w, _) = quantized(Some(dtype), ty, rows, cols);
            let mut acts = Quantized::default();
            acts.quantize(ty.activations(), &values(cols, 5), cols);
            if ty != WeightType::Q8_0 {
                assert!(
                    acts.one_k.ready(),
                    "the token laid out for the 512-bit product"
                );
            }
            let mut got = vec![0f32; rows];
            matmul(wide, &w, &acts, &mut got);
            let mut narrow = vec![0f32; rows];
            matmul(Isa::X86(x86::Level::Avx2), &w, &acts, &mut narrow);
            assert_eq!(got, narrow, "{ty:?}");
        }
    }
}

#[test]
fn several_weights_write_their_outputs_side_by_side() {
    let (a, _) = quantized(Some(GgmlDType::Q5_0), WeightType::Q5_0, 40, 256);
    let (b, _) = quantized(Some(GgmlDType::Q8_0), WeightType::Q8_0, 24, 256);
    let xs = values(5 * 256, 3);
    let mut acts = Quantized::default();
    acts.quantize(ActivationFormat::Q8_0, &xs, 256);
    let isa = Isa::detected();
    let mut both = vec![0f32; 5 * 64];
    matmul_many(isa, &[&a, &b], &acts, &mut both);
    let (mut only_a, mut only_b) = (vec![0f32; 5 * 40], vec![0f32; 5 * 24]);
    matmul(isa, &a, &acts, &mut only_a);
    matmul(isa, &b, &acts, &mut only_b);
    for t in 0..5 {
        assert_eq!(both[t * 64..t * 64 + 40], only_a[t * 40..(t + 1) * 40]);
        assert_eq!(
            both[t * 64 + 40..(t + 1) * 64],
            only_b[t * 24..(t + 1) * 24]
        );
    }
}

/// A row's products do not depend on the rows around it: the prompt kernels that take rows
/// two at a time sum each row as they do a row alone, bit for bit.
#[test]
fn a_row_multiplies_alike_alone_and_beside_another() {
    let (rows, cols) = (11, 512);
    let isa = Isa::detected();
    for (dtype, ty) in TYPES.into_iter().filter(|(_, ty)| !ty.is_float()) {
        let (w, _) = quantized(dtype, ty, rows, cols);
        for tokens in [8, 16, 28] {
            let xs = values(tokens * cols, 5 + tokens as u64);
            let mut acts = Quantized::default();
            acts.quantize(ty.activations(), &xs, cols);
            let mut all = vec![0f32; tokens * rows];
            matmul(isa, &w, &acts, &mut all);
            for r in 0..rows {
                let one = QWeight::new(ty, 1, cols, Bytes::from_vec(w.row(r).to_vec())).unwrap();
                let mut alone = vec![0f32; tokens];
                matmul(isa, &one, &acts, &mut alone);
                for (t, value) in alone.iter().enumerate() {
                    assert_eq!(
                        value.to_bits(),
                        all[t * rows + r].to_bits(),
                        "{ty:?}, {tokens} tokens, row {r}, token {t}"
                    );
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn vector_quantization_rounds_as_the_scalar_code_does() {
    if Isa::detected() == Isa::Portable {
        return;
    }
    // Ties (x × id = k + 0.5) round to even, both ways; the top value stays 127.
    let mut xs = values(32 * 64, 5);
    xs[..8].copy_from_slice(&[0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 127.0, -127.0]);
    for (i, chunk) in xs.chunks_exact(32).enumerate() {
        let id = if i == 0 { 1.0 } else { 127.0 / 2.1 };
        let mut fast = BlockQ8::default();
        // SAFETY: the CPU has AVX2 (a non-portable instruction set).
        unsafe { x86::quantize_block(chunk, id, &mut fast) };
        let mut halves = [0i32; 2];
        for (j, x) in chunk.iter().enumerate() {
            let q = ((x * id).round_ties_even() as i32).min(127);
            assert_eq!(fast.qs[j] as i32, q, "block {i} value {j}: {x}");
            assert_eq!(fast.offset_qs[j], (q as i8 as u8) ^ 0x80);
            halves[j / 16] += q;
        }
        assert_eq!(fast.s, (halves[0] + halves[1]) as f32, "block {i}");
        assert_eq!(fast.halves, halves.map(|h| h as f32), "block {i}");
    }
}

#[test]
fn q8_0_pairs_dequantize_and_multiply_as_the_q8_0_they_come_from() {
    let (rows, cols) = (37, 768);
    let (w, _) = quantized(Some(GgmlDType::Q8_0), WeightType::Q8_0, rows, cols);
    let mut bytes = vec![0u8; rows * w.row_bytes()];
    for r in 0..rows {
        let n = w.row_bytes();
        blocks::repack_q8_0(w.row(r), &mut bytes[r * n..(r + 1) * n]);
    }
    let pairs = QWeight::new(WeightType::Q8_0Pairs, rows, cols, Bytes::from_vec(bytes)).unwrap();
    let (mut a, mut b) = (vec![0f32; cols], vec![0f32; cols]);
    for r in 0..rows {
        w.dequantize_row(r, &mut a);
        pairs.dequantize_row(r, &mut b);
        assert_eq!(a, b, "row {r}");
    }
    for tokens in [1, 3, 4, 9, 17, 40] {
        let xs = values(tokens * cols, 19 + tokens as u64);
        let mut acts = Quantized::default();
        acts.quantize(ActivationFormat::Q8_0, &xs, cols);
        for isa in Isa::available() {
            let (mut want, mut got) = (vec![0f32; tokens * rows], vec![0f32; tokens * rows]);
            matmul(isa, &w, &acts, &mut want);
            matmul(isa, &pairs, &acts, &mut got);
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() <= 1e-4 * (1.0 + w.abs()),
                    "{isa:?} tokens {tokens} at {i}: {g} vs {w}"
                );
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn q4k_scales_unpack_all_eight_as_one_at_a_time_does() {
    let mut state = 7u64;
    for _ in 0..200 {
        let bytes: [u8; 12] = std::array::from_fn(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 56) as u8
        });
        // SAFETY: 12 readable bytes.
        let (scales, mins) = unsafe { super::x86::q4k_scales(bytes.as_ptr()) };
        for j in 0..8 {
            assert_eq!(
                (scales[j], mins[j]),
                super::blocks::q4k_scale_min(j, &bytes),
                "{bytes:?} at {j}"
            );
        }
    }
}

#[test]
fn float_rows_of_any_width_agree_with_the_formula_on_every_instruction_set() {
    // 100 values: six groups of 16 and a tail of 4.
    let (rows, cols) = (5, 100);
    for (dtype, ty) in [
        (GgmlDType::F32, WeightType::F32),
        (GgmlDType::F16, WeightType::F16),
        (GgmlDType::BF16, WeightType::BF16),
    ] {
        let (w, reference) = quantized(Some(dtype), ty, rows, cols);
        // Up to 7 tokens row by row, from 8 as one product.
        for tokens in [1, 2, 3, 4, 7, 8, 9, 17] {
            let xs = values(tokens * cols, 23 + tokens as u64);
            let mut acts = Quantized::default();
            acts.quantize(ty.activations(), &xs, cols);
            for isa in Isa::available() {
                let mut out = vec![0f32; tokens * rows];
                matmul(isa, &w, &acts, &mut out);
                for t in 0..tokens {
                    for r in 0..rows {
                        let exact: f64 = (0..cols)
                            .map(|c| {
                                let x = float::round_for(ty, xs[t * cols + c]);
                                reference[r * cols + c] as f64 * x as f64
                            })
                            .sum();
                        let got = out[t * rows + r] as f64;
                        assert!(
                            (got - exact).abs() <= 1e-5 * (1.0 + exact.abs()),
                            "{ty:?} {isa:?} token {t} row {r}: {got} vs {exact}"
                        );
                    }
                }
            }
        }
    }
}
