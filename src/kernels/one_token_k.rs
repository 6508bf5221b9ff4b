//! One token times Q4_K and Q5_K rows on AVX-512 BW and VNNI: two sub-blocks to a 512-bit
//! register, against the token's `Q8K` values laid out once per product to match (`KToken`),
//! with the same integer sums, the same float steps and so the same bits as the 256-bit
//! product (`x86::k_one`).
//!
//! A superblock's 128 bytes of nibbles are two 64-byte loads: the low nibbles of the first
//! hold sub-blocks 0 and 2, its high ones 1 and 3, and the second's 4 to 7. Four `maddubs` and
//! four `dpwssd` (each sub-block's 6-bit scale spread over its half by one byte shuffle) sum
//! the superblock where the 256-bit product takes eight of each; the two halves added give
//! the 256-bit product's eight 32-bit lanes exactly, since integer sums do not depend on
//! their order. The minimums' 8 activation sums are a load rather than a gather.

use std::arch::x86_64::*;
use std::ops::Range;

use super::blocks::{ActivationFormat, BlockQ8, WeightType, QK};
use super::x86::{half, hsum, mins_tree, prefetch_or, prefetch_row, q4k_scales};

/// A superblock of the token as `run` reads it.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Superblock {
    /// Sub-blocks 0 and 2, 1 and 3, 4 and 6, 5 and 7: the order of the nibbles' registers.
    qs: [[i8; 2 * QK]; 4],
    /// Each sub-block's `d × Σ qs`, in order.
    s: [f32; 8],
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
                s: std::array::from_fn(|j| eight[j].s),
                d: eight[0].d,
            };
            for (qs, (low, high)) in sb.qs.iter_mut().zip(HALVES) {
                qs[..QK].copy_from_slice(&eight[low].qs);
                qs[QK..].copy_from_slice(&eight[high].qs);
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
    matches!(ty, WeightType::Q4K | WeightType::Q5K)
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
