//! Products of unquantized weight rows (F32, F16, BF16, as the GGUF stores them) with
//! activations rounded as ggml rounds them for each type (to f16 for F16, to bf16 for BF16),
//! accumulated in f32: up to 7 tokens row by row (AVX2 + F16C eight values at a time, or
//! portable code), from 8 tokens the rows widened to f32 once and multiplied by `gemm`.

use std::cell::RefCell;
use std::ops::Range;

use half::{bf16, f16};

use super::blocks::WeightType;
use super::Isa;

/// `x` as ggml hands it to a product with `ty` rows: rounded to f16 or bf16 (nearest, ties to
/// even), or unchanged.
pub fn round_for(ty: WeightType, x: f32) -> f32 {
    match ty {
        WeightType::F16 => f16::from_f32(x).to_f32(),
        WeightType::BF16 => bf16::from_f32(x).to_f32(),
        _ => x,
    }
}

/// Value `i` of a float row.
pub fn value(ty: WeightType, row: &[u8], i: usize) -> f32 {
    match ty {
        WeightType::F32 => {
            f32::from_le_bytes([row[4 * i], row[4 * i + 1], row[4 * i + 2], row[4 * i + 3]])
        }
        WeightType::F16 => f16::from_le_bytes([row[2 * i], row[2 * i + 1]]).to_f32(),
        WeightType::BF16 => bf16::from_le_bytes([row[2 * i], row[2 * i + 1]]).to_f32(),
        _ => unreachable!("{ty:?} is not a float type"),
    }
}

/// Tokens from which a float matrix's rows are widened to f32 once and multiplied with all
/// of them as one product (the `gemm` crate), rather than row by row.
const GEMM_FROM: usize = 8;

thread_local! {
    /// Rows widened to f32 for `gemm`, reused from call to call.
    static WIDE: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Row `row` of `ty` widened to f32 into `out`.
fn widen_row(isa: Isa, ty: WeightType, row: &[u8], out: &mut [f32]) {
    match isa {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: every x86 level has AVX2, FMA and F16C; `row` holds `out.len()` values.
        Isa::X86(_) => unsafe { x86::widen(ty, row, out) },
        _ => {
            for (i, x) in out.iter_mut().enumerate() {
                *x = value(ty, row, i);
            }
        }
    }
}

/// `out[t × out_stride + i]` = row `rows.start + i` of `w` (`row_bytes` each, `ty`) · token
/// `t` of `acts` (`tokens × cols`, already rounded by `round_for`).
///
/// # Safety
/// `isa` runs on this CPU; `w` holds the rows; `out` has room for `tokens` rows of
/// `out_stride`, of which this call writes `rows.len()` columns.
#[allow(clippy::too_many_arguments)]
pub unsafe fn rows_times_tokens(
    isa: Isa,
    ty: WeightType,
    w: &[u8],
    row_bytes: usize,
    rows: Range<usize>,
    acts: &[f32],
    cols: usize,
    out: *mut f32,
    out_stride: usize,
) {
    let tokens = acts.len() / cols;
    if tokens >= GEMM_FROM {
        return WIDE.with_borrow_mut(|wide| {
            wide.resize(rows.len() * cols, 0.0);
            for (r, out) in rows.clone().zip(wide.chunks_exact_mut(cols)) {
                widen_row(isa, ty, &w[r * row_bytes..(r + 1) * row_bytes], out);
            }
            // SAFETY: `out` is `tokens × rows.len()` with rows `out_stride` apart (the
            // caller's room), `acts` `tokens × cols` and `wide` `rows.len() × cols`,
            // row-major, read as its transpose.
            unsafe {
                gemm::gemm(
                    tokens,
                    rows.len(),
                    cols,
                    out,
                    1,
                    out_stride as isize,
                    false,
                    acts.as_ptr(),
                    1,
                    cols as isize,
                    wide.as_ptr(),
                    cols as isize,
                    1,
                    0.0,
                    1.0,
                    false,
                    false,
                    false,
                    gemm::Parallelism::None,
                )
            }
        });
    }
    for (i, r) in rows.enumerate() {
        let row = &w[r * row_bytes..(r + 1) * row_bytes];
        let mut t = 0;
        while t < tokens {
            let group = (tokens - t).min(4);
            let a = &acts[t * cols..(t + group) * cols];
            let o = out.add(t * out_stride + i);
            match isa {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: the caller's contract: every x86 level has AVX2, FMA and F16C.
                Isa::X86(_) => unsafe {
                    match group {
                        4 => x86::dots::<4>(ty, row, a, cols, o, out_stride),
                        3 => x86::dots::<3>(ty, row, a, cols, o, out_stride),
                        2 => x86::dots::<2>(ty, row, a, cols, o, out_stride),
                        _ => x86::dots::<1>(ty, row, a, cols, o, out_stride),
                    }
                },
                _ => {
                    for (k, token) in a.chunks_exact(cols).enumerate() {
                        let dot: f32 = (0..cols).map(|c| value(ty, row, c) * token[c]).sum();
                        *o.add(k * out_stride) = dot;
                    }
                }
            }
            t += group;
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use super::super::blocks::WeightType;
    use super::super::x86::hsum;

    /// Eight values of a float row from `p`, as f32.
    #[inline]
    #[target_feature(enable = "avx2,fma,f16c")]
    unsafe fn load(ty: WeightType, p: *const u8) -> __m256 {
        match ty {
            WeightType::F32 => _mm256_loadu_ps(p as *const f32),
            WeightType::F16 => _mm256_cvtph_ps(_mm_loadu_si128(p as *const __m128i)),
            // bf16 is the top half of an f32.
            _ => {
                let halves = _mm256_cvtepu16_epi32(_mm_loadu_si128(p as *const __m128i));
                _mm256_castsi256_ps(_mm256_slli_epi32(halves, 16))
            }
        }
    }

    /// A row of `ty` widened to f32, eight values at a time, the tail scalar.
    ///
    /// # Safety
    /// The CPU has AVX2, FMA and F16C; `row` holds `out.len()` values of `ty`.
    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn widen(ty: WeightType, row: &[u8], out: &mut [f32]) {
        let size = row.len() / out.len();
        let mut c = 0;
        while c + 8 <= out.len() {
            _mm256_storeu_ps(
                out.as_mut_ptr().add(c),
                load(ty, row.as_ptr().add(c * size)),
            );
            c += 8;
        }
        for (k, x) in out.iter_mut().enumerate().skip(c) {
            *x = super::value(ty, row, k);
        }
    }

    /// One row times `T` tokens (`acts`, `T × cols`), eight values at a time, the tail scalar.
    ///
    /// # Safety
    /// The CPU has AVX2, FMA and F16C; `row` holds `cols` values of `ty`; `out` has room for
    /// `T` rows of `out_stride`.
    #[inline]
    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn dots<const T: usize>(
        ty: WeightType,
        row: &[u8],
        acts: &[f32],
        cols: usize,
        out: *mut f32,
        out_stride: usize,
    ) {
        let size = row.len() / cols;
        let mut acc = [[_mm256_setzero_ps(); 2]; T];
        let mut c = 0;
        while c + 16 <= cols {
            let w = [
                load(ty, row.as_ptr().add(c * size)),
                load(ty, row.as_ptr().add((c + 8) * size)),
            ];
            for (t, a) in acc.iter_mut().enumerate() {
                let x = acts.as_ptr().add(t * cols + c);
                a[0] = _mm256_fmadd_ps(w[0], _mm256_loadu_ps(x), a[0]);
                a[1] = _mm256_fmadd_ps(w[1], _mm256_loadu_ps(x.add(8)), a[1]);
            }
            c += 16;
        }
        for (t, a) in acc.iter().enumerate() {
            let mut dot = hsum(_mm256_add_ps(a[0], a[1]));
            for k in c..cols {
                dot += super::value(ty, row, k) * acts[t * cols + k];
            }
            *out.add(t * out_stride) = dot;
        }
    }
}
