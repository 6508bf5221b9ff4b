//! The 256-bit one-token K-quant products summed in integers as llama.cpp sums them (Q4_K
//! and Q5_K with a scale per 32 values, Q6_K, Q3_K and Q2_K with one per 16), and the
//! minimums' terms they and the 512-bit products (`one_token_k`) share.

use std::arch::x86_64::*;

use super::blocks::BlockQ8;
use super::x86::hsum;

/// The K-quant one-token kernels for one instruction set, expanded inside `x86::kernels!`'s
/// module (its features, decoder and weighing function).
macro_rules! k_one_kernels {
    ($features:literal, $decode:ident, $weigh:ident) => {
        /// A Q4_K or Q5_K row times one token, a superblock (8 sub-blocks) at a time, as
        /// llama.cpp weighs them: each sub-block's products summed in pairs of 16 bits
        /// (`maddubs`), weighted by its 6-bit scale into 32-bit sums (`$weigh`), the
        /// superblock's sums converted once and scaled once by its f16 scale and the
        /// activations' shared Q8_K scale; the minimums' term summed as a tree. The
        /// integer sums are the float ones of weighting in floats, exactly: each lane
        /// holds at most 8 × 4 × 31 × 127 × 63 < 2^24, which floats hold whole.
        #[inline]
        #[target_feature(enable = $features)]
        unsafe fn k_one<const TY: u8>(row: *const u8, acts: *const BlockQ8, blocks: usize) -> f32 {
            let five = ty_of(TY) == WeightType::Q5K;
            let (size, low_at) = match five {
                true => (176, 48),
                false => (144, 16),
            };
            let mask = _mm256_set1_epi8(0xF);
            let mut total = _mm256_setzero_ps();
            let mut offset = 0f32;
            for superblock in 0..blocks / 8 {
                let b = row.add(superblock * size);
                let (sc, m) = q4k_scales(b.add(4));
                // The 8 scales as 16-bit values, in both halves, each spread by one shuffle.
                let scales = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(_mm_loadl_epi64(
                    sc.as_ptr() as *const __m128i,
                )));
                let a = acts.add(superblock * 8);
                let qh = match five {
                    true => _mm256_loadu_si256(b.add(16) as *const __m256i),
                    false => _mm256_setzero_si256(),
                };
                let mut sums = [_mm256_setzero_si256(); 2];
                for pair in 0..4 {
                    let qs = _mm256_loadu_si256(b.add(low_at + 32 * pair) as *const __m256i);
                    let halves = [
                        _mm256_and_si256(qs, mask),
                        _mm256_and_si256(_mm256_srli_epi16(qs, 4), mask),
                    ];
                    for (k, mut values) in halves.into_iter().enumerate() {
                        let j = 2 * pair + k;
                        if five {
                            // The fifth bit of sub-block j's values: bit j of `qh`'s bytes.
                            let bit = _mm256_set1_epi8((1u8 << j) as i8);
                            let set = _mm256_cmpeq_epi8(_mm256_and_si256(qh, bit), bit);
                            let high = _mm256_and_si256(set, _mm256_set1_epi8(16));
                            values = _mm256_or_si256(values, high);
                        }
                        let q = _mm256_loadu_si256((*a.add(j)).qs.as_ptr() as *const __m256i);
                        let pairs = _mm256_maddubs_epi16(values, q);
                        let spread = _mm256_set1_epi16((((2 * j + 1) << 8) | 2 * j) as i16);
                        let scale = _mm256_shuffle_epi8(scales, spread);
                        sums[k] = $weigh(sums[k], pairs, scale);
                    }
                }
                let products = _mm256_cvtepi32_ps(_mm256_add_epi32(sums[0], sums[1]));
                let mins = mins_term(m, a);
                let scale = half(b) * (*a).d;
                total = _mm256_fmadd_ps(products, _mm256_set1_ps(scale), total);
                offset -= half(b.add(2)) * mins;
            }
            hsum(total) + offset
        }

        /// A Q6_K, Q3_K or Q2_K row times one token, a superblock at a time as llama.cpp
        /// weighs them: each sub-block's products in pairs of 16 bits, weighted by the
        /// 8-bit scales of its two 16-value halves into one 32-bit sum per lane for the
        /// superblock (at most 8 × 4 × 32 × 127 × 128, well within), converted once and
        /// scaled once by the f16 scale times the activations' shared Q8_K scale. Q2_K's
        /// minimums are summed apart, each times its 16 activations' sum.
        #[inline]
        #[target_feature(enable = $features)]
        unsafe fn k16_one<const TY: u8>(
            row: *const u8,
            acts: *const BlockQ8,
            blocks: usize,
        ) -> f32 {
            let ty = ty_of(TY);
            let size = ty.block_bytes();
            let mut total = _mm256_setzero_ps();
            let mut offset = 0f32;
            for superblock in 0..blocks / 8 {
                let b = row.add(superblock * size);
                let a = acts.add(superblock * 8);
                // The 16 scales as 16-bit values, 0..8 and 8..16, each repeated in both
                // halves.
                let (bytes, d) = match ty {
                    WeightType::Q6K => (_mm_loadu_si128(b.add(192) as *const __m128i), 208),
                    WeightType::Q3K => (q3k_scales(b.add(96)), 108),
                    _ => (
                        _mm_and_si128(_mm_loadu_si128(b as *const __m128i), _mm_set1_epi8(0xF)),
                        80,
                    ),
                };
                let widen = |x: __m128i| _mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(x));
                let scales = [widen(bytes), widen(_mm_srli_si128::<8>(bytes))];
                let mut sums = [_mm256_setzero_si256(); 2];
                for j in 0..8 {
                    let q = _mm256_loadu_si256((*a.add(j)).qs.as_ptr() as *const __m256i);
                    let pairs = match ty {
                        WeightType::Q2K => {
                            _mm256_maddubs_epi16($decode::<TY>(row, superblock * 8 + j).values, q)
                        }
                        _ => {
                            let values = match ty {
                                WeightType::Q6K => q6k_values(b, j),
                                _ => $decode::<TY>(row, superblock * 8 + j).values,
                            };
                            _mm256_maddubs_epi16(
                                _mm256_sign_epi8(values, values),
                                _mm256_sign_epi8(q, values),
                            )
                        }
                    };
                    // Sub-block j's first 16 values take scale 2j, its last 16 scale 2j + 1.
                    let (lo, hi) = (4 * (j % 4), 4 * (j % 4) + 2);
                    let spread = _mm256_set_m128i(
                        _mm_set1_epi16((((hi + 1) << 8) | hi) as i16),
                        _mm_set1_epi16((((lo + 1) << 8) | lo) as i16),
                    );
                    let scale = _mm256_shuffle_epi8(scales[j / 4], spread);
                    sums[j % 2] = $weigh(sums[j % 2], pairs, scale);
                }
                let products = _mm256_cvtepi32_ps(_mm256_add_epi32(sums[0], sums[1]));
                let scale = half(b.add(d)) * (*a).d;
                total = _mm256_fmadd_ps(products, _mm256_set1_ps(scale), total);
                if ty == WeightType::Q2K {
                    offset -= half(b.add(82)) * q2k_mins_term(b, a);
                }
            }
            match ty {
                WeightType::Q2K => hsum(total) + offset,
                _ => hsum(total),
            }
        }
    };
}
pub(super) use k_one_kernels;

/// Q3_K's 16 scales (`blocks::q3k_scale`) from its 12 packed bytes at `p`, as signed bytes,
/// four at a time in 32-bit words as llama.cpp unpacks them: scales `4w..4w + 4` take the low
/// (w < 2) or high nibbles of word `w % 2` and bits `2w..2w + 2` of word 2, less 32.
///
/// # Safety
/// `p` holds 12 bytes.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn q3k_scales(p: *const u8) -> __m128i {
    const LOW4: u32 = 0x0f0f_0f0f;
    const LOW2: u32 = 0x0303_0303;
    let word = |i: usize| (p.add(4 * i) as *const u32).read_unaligned();
    let (a, b, c) = (word(0), word(1), word(2));
    let words = [
        (a & LOW4) | ((c & LOW2) << 4),
        (b & LOW4) | (((c >> 2) & LOW2) << 4),
        ((a >> 4) & LOW4) | (((c >> 4) & LOW2) << 4),
        ((b >> 4) & LOW4) | (((c >> 6) & LOW2) << 4),
    ];
    let packed = _mm_setr_epi32(
        words[0] as i32,
        words[1] as i32,
        words[2] as i32,
        words[3] as i32,
    );
    _mm_sub_epi8(packed, _mm_set1_epi8(32))
}

/// `Σ m_k × h_k` over the 16 minimums `m_k` of the Q2_K superblock at `b` (its scales' high
/// nibbles) and the sums `h_k` of the 16 activations each applies to (`BlockQ8::halves` of
/// the 8 blocks at `a`), gathered 8 at a time.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn q2k_mins_term(b: *const u8, a: *const BlockQ8) -> f32 {
    const STRIDE: i32 = (std::mem::size_of::<BlockQ8>() / 4) as i32;
    let at = _mm256_setr_epi32(
        0,
        1,
        STRIDE,
        STRIDE + 1,
        2 * STRIDE,
        2 * STRIDE + 1,
        3 * STRIDE,
        3 * STRIDE + 1,
    );
    let gather = |first: *const BlockQ8| {
        _mm256_i32gather_ps::<4>(std::ptr::addr_of!((*first).halves) as *const f32, at)
    };
    let mins = _mm_and_si128(
        _mm_srli_epi16(_mm_loadu_si128(b as *const __m128i), 4),
        _mm_set1_epi8(0xF),
    );
    let widen = |x: __m128i| _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(x));
    let t = _mm256_mul_ps(widen(mins), gather(a));
    let t = _mm256_fmadd_ps(widen(_mm_srli_si128::<8>(mins)), gather(a.add(4)), t);
    hsum(t)
}

/// `Σ m[j] × s_j` over the 8 activation blocks at `a` (`s` each block's `d × Σ qs`), the 8
/// sums gathered in one instruction (`mins_tree`).
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn mins_term(m: [u8; 8], a: *const BlockQ8) -> f32 {
    const STRIDE: i32 = (std::mem::size_of::<BlockQ8>() / 4) as i32;
    let at = _mm256_mullo_epi32(
        _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
        _mm256_set1_epi32(STRIDE),
    );
    mins_tree(m, _mm256_i32gather_ps::<4>(std::ptr::addr_of!((*a).s), at))
}

/// `Σ m[j] × s[j]`, summed as the tree `((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7))`:
/// multiplied at once and added pairwise twice within each half.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn mins_tree(m: [u8; 8], s: __m256) -> f32 {
    let m = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(
        m.as_ptr() as *const __m128i
    )));
    let t = _mm256_mul_ps(m, s);
    let pairs = _mm256_hadd_ps(t, t);
    let quads = _mm256_hadd_ps(pairs, pairs);
    _mm_cvtss_f32(_mm_add_ss(
        _mm256_castps256_ps128(quads),
        _mm256_extractf128_ps(quads, 1),
    ))
}
