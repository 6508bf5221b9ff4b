//! One token times Q4_K, Q5_K, Q6_K, Q3_K and Q2_K rows on AVX-512 BW and VNNI: two
//! sub-blocks to a 512-bit register, against the token's `Q8K` values laid out once per
//! product to match (`KToken`), with the same integer sums, the same float steps and so the
//! same bits as the 256-bit products (`x86_k`).
//!
//! A superblock's 128 bytes of nibbles are two 64-byte loads: the low nibbles of the first
//! hold sub-blocks 0 and 2, its high ones 1 and 3, and the second's 4 to 7. Four `maddubs` and
//! four `dpwssd` (each sub-block's 6-bit scale spread over its half by one byte shuffle) sum
//! the superblock where the 256-bit product takes eight of each; the two halves added give
//! the 256-bit product's eight 32-bit lanes exactly, since integer sums do not depend on
//! their order. The minimums' 8 activation sums are a load rather than a gather. Q6_K's
//! values are unsigned six-bit numbers less 32: their products are `maddubs` of the unsigned
//! ones less the token's pair sums times 32, laid out beforehand (AVX-512 has no byte
//! `sign`, which the 256-bit product uses), the same 16-bit pairs exactly.

use std::arch::x86_64::*;
use std::ops::Range;

use super::blocks::{ActivationFormat, BlockQ8, WeightType, QK};
use super::x86::{half, hsum, prefetch_or, prefetch_row, q4k_scales};
use super::x86_k::{mins_tree, q3k_scales};

/// A superblock of the token as `run` reads it.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Superblock {
    /// Sub-blocks 0 and 2, 1 and 3, 4 and 6, 5 and 7: the order of Q4_K's registers.
    qs: [[i8; 2 * QK]; 4],
    /// Sub-blocks in order, two to a register, as Q6_K's registers hold them.
    natural: [[i8; 2 * QK]; 4],
    /// 32 × the sum of each pair of `natural`'s values: what the 32 below Q6_K's unsigned
    /// values take from each `maddubs` pair.
    thirty_two: [[i16; QK]; 4],
    /// Each sub-block's `d × Σ qs`, in order.
    s: [f32; 8],
    /// The same for each 16 values, in order (`BlockQ8::halves`).
    halves: [f32; 16],
    /// The scale the 8 sub-blocks share.
    d: f32,
}

/// Which sub-blocks each register of a superblock holds, low half then high half.
const HALVES: [(usize, usize); 4] = [(0, 2), (1, 3), (4, 6), (5, 7)];

/// One token's `Q8K` activations in `Superblock`s, when this CPU suits `run`.
#[derive(Default)]
pub struct KToken {
    superblocks: Vec<Superblock>,
}

impl KToken {
    /// Whether `run` can read activations of `format` on this CPU.
    pub fn wanted(format: ActivationFormat) -> bool {
        format == ActivationFormat::Q8K
            && super::x86::detect() == Some(super::x86::Level::Avx512Vnni)
    }

    /// Lays out one token's `blocks` (8 to a superblock).
    pub fn build(&mut self, blocks: &[BlockQ8]) {
        self.superblocks.clear();
        self.superblocks.extend(blocks.chunks_exact(8).map(|eight| {
            let mut sb = Superblock {
                qs: [[0; 2 * QK]; 4],
                natural: [[0; 2 * QK]; 4],
                thirty_two: [[0; QK]; 4],
                s: std::array::from_fn(|j| eight[j].s),
                halves: std::array::from_fn(|k| eight[k / 2].halves[k % 2]),
                d: eight[0].d,
            };
            for (qs, (low, high)) in sb.qs.iter_mut().zip(HALVES) {
                qs[..QK].copy_from_slice(&eight[low].qs);
                qs[QK..].copy_from_slice(&eight[high].qs);
            }
            for (k, (qs, pairs)) in sb.natural.iter_mut().zip(&mut sb.thirty_two).enumerate() {
                qs[..QK].copy_from_slice(&eight[2 * k].qs);
                qs[QK..].copy_from_slice(&eight[2 * k + 1].qs);
                for (p, two) in pairs.iter_mut().zip(qs.chunks_exact(2)) {
                    *p = 32 * (two[0] as i16 + two[1] as i16);
                }
            }
            sb
        }));
    }

    pub fn clear(&mut self) {
        self.superblocks.clear();
    }

    /// Whether a token was laid out.
    pub fn ready(&self) -> bool {
        !self.superblocks.is_empty()
    }
}

/// Whether `run` reads rows of `ty`.
pub fn reads(ty: WeightType) -> bool {
    matches!(
        ty,
        WeightType::Q4K | WeightType::Q5K | WeightType::Q6K | WeightType::Q3K | WeightType::Q2K
    )
}

/// `out[r - rows.start]` = row `r` of `w` · the token of `acts`.
///
/// # Safety
/// The CPU has AVX-512 F, BW, VL and VNNI (`KToken::wanted`); `ty` is one that `reads`; `w`
/// holds `rows` of `row_bytes`, of the width `acts` was built for; `out` has room for
/// `rows.len()` values.
pub unsafe fn run(
    ty: WeightType,
    w: &[u8],
    row_bytes: usize,
    rows: Range<usize>,
    acts: &KToken,
    out: *mut f32,
) {
    // SAFETY: the caller's contract.
    unsafe {
        match ty {
            WeightType::Q5K => typed::<true>(w, row_bytes, rows, acts, out),
            WeightType::Q6K => q6k(w, row_bytes, rows, acts, out),
            WeightType::Q3K => two_bits::<true>(w, row_bytes, rows, acts, out),
            WeightType::Q2K => two_bits::<false>(w, row_bytes, rows, acts, out),
            _ => typed::<false>(w, row_bytes, rows, acts, out),
        }
    }
}

/// Q4_K rows, or Q5_K ones when `FIVE`, times the token.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn typed<const FIVE: bool>(
    w: &[u8],
    row_bytes: usize,
    rows: Range<usize>,
    acts: &KToken,
    out: *mut f32,
) {
    // Q5_K keeps 32 bytes of fifth bits between its scales and its nibbles.
    let (size, low_at) = match FIVE {
        true => (176, 48),
        false => (144, 16),
    };
    // Each register's two scales from the 8 16-bit scales repeated in each 128-bit lane: the
    // low half's in lanes 0 and 1, the high half's in lanes 2 and 3.
    let spread = HALVES.map(|(low, high)| {
        let bytes: [u8; 64] = std::array::from_fn(|i| {
            let j = if i < 32 { low } else { high };
            (2 * j + i % 2) as u8
        });
        _mm512_loadu_si512(bytes.as_ptr() as *const __m512i)
    });
    // Bit `j` of the fifth bits' bytes belongs to sub-block `j`.
    let fifth = HALVES.map(|(low, high)| {
        let bytes: [u8; 64] = std::array::from_fn(|i| 1 << if i < 32 { low } else { high });
        _mm512_loadu_si512(bytes.as_ptr() as *const __m512i)
    });
    let mask = _mm512_set1_epi8(0xF);
    let sixteen = _mm512_set1_epi8(16);
    // Asked for 4 KiB ahead, as `one_token` asks for its rows.
    let ahead = prefetch_or(4096).div_ceil(row_bytes);
    for (i, r) in rows.clone().enumerate() {
        prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
        let row = w.as_ptr().add(r * row_bytes);
        let mut total = _mm256_setzero_ps();
        let mut offset = 0f32;
        for (n, a) in acts.superblocks.iter().enumerate() {
            let b = row.add(n * size);
            let (sc, m) = q4k_scales(b.add(4));
            let scales = _mm512_broadcast_i32x4(_mm_cvtepu8_epi16(_mm_loadl_epi64(
                sc.as_ptr() as *const __m128i
            )));
            let q = [
                _mm512_loadu_si512(b.add(low_at) as *const __m512i),
                _mm512_loadu_si512(b.add(low_at + 64) as *const __m512i),
            ];
            let qh = match FIVE {
                true => _mm512_broadcast_i64x4(_mm256_loadu_si256(b.add(16) as *const __m256i)),
                false => _mm512_setzero_si512(),
            };
            let mut sums = [_mm512_setzero_si512(); 2];
            for (k, acc) in sums.iter_mut().enumerate() {
                for high in 0..2 {
                    let at = 2 * k + high;
                    let shifted = match high {
                        0 => q[k],
                        _ => _mm512_srli_epi16(q[k], 4),
                    };
                    let mut values = _mm512_and_si512(shifted, mask);
                    if FIVE {
                        let set = _mm512_test_epi8_mask(qh, fifth[at]);
                        values = _mm512_mask_add_epi8(values, set, values, sixteen);
                    }
                    let token = _mm512_load_si512(a.qs[at].as_ptr() as *const __m512i);
                    let pairs = _mm512_maddubs_epi16(values, token);
                    let scale = _mm512_shuffle_epi8(scales, spread[at]);
                    *acc = _mm512_dpwssd_epi32(*acc, pairs, scale);
                }
            }
            let sum = _mm512_add_epi32(sums[0], sums[1]);
            let eight = _mm256_add_epi32(
                _mm512_castsi512_si256(sum),
                _mm512_extracti64x4_epi64(sum, 1),
            );
            let mins = mins_tree(m, _mm256_load_ps(a.s.as_ptr()));
            let scale = half(b) * a.d;
            total = _mm256_fmadd_ps(_mm256_cvtepi32_ps(eight), _mm256_set1_ps(scale), total);
            offset -= half(b.add(2)) * mins;
        }
        *out.add(i) = hsum(total) + offset;
    }
}

/// Q6_K rows times the token. A superblock is 128 bytes of low nibbles, 64 of high bit pairs,
/// 16 scales of 16 values and an f16 scale; its values `j` in 32 at a time (`q6k_values`):
/// the low nibbles of bytes `64n + 32(g % 2)..` (shifted by 4 when `g ≥ 2`) and bits
/// `2g..2g + 2` of bytes `128 + 32n..`, for `j = 4n + g`. Register `2n` holds sub-blocks `4n`
/// and `4n + 1`, register `2n + 1` the next two; their scales are 16 values apart, in
/// consecutive 128-bit lanes.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn q6k(w: &[u8], row_bytes: usize, rows: Range<usize>, acts: &KToken, out: *mut f32) {
    let mask = _mm512_set1_epi8(0xF);
    let high_bits = _mm512_set1_epi8(0x30);
    // The high bit pairs to bits 4 and 5: shifted left by 4 and 2 for `g` = 0 and 1 (the low
    // and the high half of the first register), right by 0 and 2 for `g` = 2 and 3.
    let halves = |low: i16, high: i16| {
        let words: [i16; 32] = std::array::from_fn(|i| if i < 16 { low } else { high });
        _mm512_loadu_si512(words.as_ptr() as *const __m512i)
    };
    let (left, right) = (halves(4, 2), halves(0, 2));
    let spread = sixteen_scales_spread();
    let ahead = prefetch_or(4096).div_ceil(row_bytes);
    for (i, r) in rows.clone().enumerate() {
        prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
        let row = w.as_ptr().add(r * row_bytes);
        let mut total = _mm256_setzero_ps();
        for (n, a) in acts.superblocks.iter().enumerate() {
            let b = row.add(n * 210);
            let scales = _mm512_castsi256_si512(_mm256_cvtepi8_epi16(_mm_loadu_si128(
                b.add(192) as *const __m128i
            )));
            let mut sums = [_mm512_setzero_si512(); 2];
            for (half, acc) in sums.iter_mut().enumerate() {
                let ql = _mm512_loadu_si512(b.add(64 * half) as *const __m512i);
                let qh = _mm512_broadcast_i64x4(_mm256_loadu_si256(
                    b.add(128 + 32 * half) as *const __m256i
                ));
                let values = [
                    _mm512_or_si512(
                        _mm512_and_si512(ql, mask),
                        _mm512_and_si512(_mm512_sllv_epi16(qh, left), high_bits),
                    ),
                    _mm512_or_si512(
                        _mm512_and_si512(_mm512_srli_epi16(ql, 4), mask),
                        _mm512_and_si512(_mm512_srlv_epi16(qh, right), high_bits),
                    ),
                ];
                for (k, u) in values.into_iter().enumerate() {
                    let at = 2 * half + k;
                    let token = _mm512_load_si512(a.natural[at].as_ptr() as *const __m512i);
                    let less = _mm512_load_si512(a.thirty_two[at].as_ptr() as *const __m512i);
                    let pairs = _mm512_sub_epi16(_mm512_maddubs_epi16(u, token), less);
                    let scale = _mm512_permutexvar_epi16(spread[at], scales);
                    *acc = _mm512_dpwssd_epi32(*acc, pairs, scale);
                }
            }
            let sum = _mm512_add_epi32(sums[0], sums[1]);
            let eight = _mm256_add_epi32(
                _mm512_castsi512_si256(sum),
                _mm512_extracti64x4_epi64(sum, 1),
            );
            let scale = half(b.add(208)) * a.d;
            total = _mm256_fmadd_ps(_mm256_cvtepi32_ps(eight), _mm256_set1_ps(scale), total);
        }
        *out.add(i) = hsum(total);
    }
}

/// For the K-quants with 16 scales of 16 values (Q6_K, Q3_K, Q2_K), whose registers hold
/// sub-blocks in their natural pairs: the word permutes that take scale `4r + k` to 128-bit
/// lane `k` of register `r`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
fn sixteen_scales_spread() -> [__m512i; 4] {
    std::array::from_fn(|r| {
        let words: [i16; 32] = std::array::from_fn(|i| (4 * r + i / 8) as i16);
        // SAFETY: 32 words are 64 bytes.
        unsafe { _mm512_loadu_si512(words.as_ptr() as *const __m512i) }
    })
}

/// Q2_K rows, or Q3_K ones when `THREE`, times the token. Both keep their low two bits as
/// 64 bytes in two groups of 32: sub-block `4n + g` is bits `2g..2g + 2` of group `n`. Each
/// group broadcast to both halves of a register and shifted by 0 and 2 (or 4 and 6) bits
/// gives sub-blocks in their natural pairs, as Q6_K's registers hold them, with the same
/// 16-value scales' spread. Q3_K adds 4 where its value's bit of `hmask` (bit `j` of byte
/// `l` for value `l` of sub-block `j`) is set and takes 4 × the token's pair sums away
/// (`thirty_two` / 8), as Q6_K takes 32; Q2_K's values are unsigned, and its minimums times
/// each 16 activations' sum are summed apart, as `x86_k::q2k_mins_term` sums them.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn two_bits<const THREE: bool>(
    w: &[u8],
    row_bytes: usize,
    rows: Range<usize>,
    acts: &KToken,
    out: *mut f32,
) {
    let (size, low_at, d_at) = match THREE {
        true => (110, 32, 108),
        false => (84, 16, 80),
    };
    let halves = |low: i16, high: i16| {
        let words: [i16; 32] = std::array::from_fn(|i| if i < 16 { low } else { high });
        _mm512_loadu_si512(words.as_ptr() as *const __m512i)
    };
    let shifts = [halves(0, 2), halves(4, 6)];
    // Register `r` holds sub-blocks 2r and 2r + 1: their bits of `hmask`.
    let bits: [__m512i; 4] = std::array::from_fn(|r| {
        let bytes: [u8; 64] = std::array::from_fn(|i| 1 << (2 * r + i / 32));
        _mm512_loadu_si512(bytes.as_ptr() as *const __m512i)
    });
    let spread = sixteen_scales_spread();
    let (three, four) = (_mm512_set1_epi8(3), _mm512_set1_epi8(4));
    let ahead = prefetch_or(4096).div_ceil(row_bytes);
    for (i, r) in rows.clone().enumerate() {
        prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
        let row = w.as_ptr().add(r * row_bytes);
        let mut total = _mm256_setzero_ps();
        let mut offset = 0f32;
        for (n, a) in acts.superblocks.iter().enumerate() {
            let b = row.add(n * size);
            let scales = match THREE {
                true => _mm256_cvtepi8_epi16(q3k_scales(b.add(96))),
                false => _mm256_cvtepu8_epi16(_mm_and_si128(
                    _mm_loadu_si128(b as *const __m128i),
                    _mm_set1_epi8(0xF),
                )),
            };
            let scales = _mm512_castsi256_si512(scales);
            let hmask = match THREE {
                true => _mm512_broadcast_i64x4(_mm256_loadu_si256(b as *const __m256i)),
                false => _mm512_setzero_si512(),
            };
            let mut sums = [_mm512_setzero_si512(); 2];
            for (group, acc) in sums.iter_mut().enumerate() {
                let q = _mm512_broadcast_i64x4(_mm256_loadu_si256(
                    b.add(low_at + 32 * group) as *const __m256i
                ));
                for (k, shift) in shifts.iter().enumerate() {
                    let at = 2 * group + k;
                    let mut u = _mm512_and_si512(_mm512_srlv_epi16(q, *shift), three);
                    if THREE {
                        let set = _mm512_test_epi8_mask(hmask, bits[at]);
                        u = _mm512_mask_add_epi8(u, set, u, four);
                    }
                    let token = _mm512_load_si512(a.natural[at].as_ptr() as *const __m512i);
                    let mut pairs = _mm512_maddubs_epi16(u, token);
                    if THREE {
                        let less = _mm512_load_si512(a.thirty_two[at].as_ptr() as *const __m512i);
                        pairs = _mm512_sub_epi16(pairs, _mm512_srai_epi16::<3>(less));
                    }
                    let scale = _mm512_permutexvar_epi16(spread[at], scales);
                    *acc = _mm512_dpwssd_epi32(*acc, pairs, scale);
                }
            }
            let sum = _mm512_add_epi32(sums[0], sums[1]);
            let eight = _mm256_add_epi32(
                _mm512_castsi512_si256(sum),
                _mm512_extracti64x4_epi64(sum, 1),
            );
            let scale = half(b.add(d_at)) * a.d;
            total = _mm256_fmadd_ps(_mm256_cvtepi32_ps(eight), _mm256_set1_ps(scale), total);
            if !THREE {
                let mins = _mm_and_si128(
                    _mm_srli_epi16(_mm_loadu_si128(b as *const __m128i), 4),
                    _mm_set1_epi8(0xF),
                );
                let widen = |x: __m128i| _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(x));
                let h = a.halves.as_ptr();
                let t = _mm256_mul_ps(widen(mins), _mm256_loadu_ps(h));
                let t = _mm256_fmadd_ps(
                    widen(_mm_srli_si128::<8>(mins)),
                    _mm256_loadu_ps(h.add(8)),
                    t,
                );
                offset -= half(b.add(82)) * hsum(t);
            }
        }
        *out.add(i) = match THREE {
            true => hsum(total),
            false => hsum(total) + offset,
        };
    }
}
