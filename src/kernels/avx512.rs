//! AVX-512 VNNI kernels for prompts: two weight sub-blocks per 512-bit register, multiplied
//! with up to 8 tokens' activations laid out for it (`PairQ8`: values + 128 and scales already
//! spread over their lanes), so that each pair of sub-blocks costs a token four instructions.

use std::arch::x86_64::*;

use super::blocks::{PairQ8, WeightType};
use super::x86::{by_type, decode_vnni, half, ty_of};

/// Two sub-blocks side by side: their 64 values and the scale of each 32-bit lane.
struct Pair {
    values: __m512i,
    scale: __m512,
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
fn join(lo: __m256i, hi: __m256i) -> __m512i {
    _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1)
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
fn join_ps(lo: __m256, hi: __m256) -> __m512 {
    _mm512_castpd_ps(_mm512_insertf64x4(
        _mm512_castpd256_pd512(_mm256_castps_pd(lo)),
        _mm256_castps_pd(hi),
        1,
    ))
}

/// The scales `d × sc` of sub-blocks `j` and `j + 1` of the Q4_K or Q5_K superblock at `b`
/// (its f16 `d` first, then its 12 bytes of packed scales), each over its 8 lanes.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn k4_scales(b: *const u8, j: usize) -> __m512 {
    let d = half(b);
    let scales = std::slice::from_raw_parts(b.add(4), 12);
    let (sc0, _) = super::blocks::q4k_scale_min(j, scales);
    let (sc1, _) = super::blocks::q4k_scale_min(j + 1, scales);
    join_ps(
        _mm256_set1_ps(d * sc0 as f32),
        _mm256_set1_ps(d * sc1 as f32),
    )
}

/// Sub-blocks `2 × pair` and `2 × pair + 1` of a row.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn decode_pair<const TY: u8>(row: *const u8, pair: usize) -> Pair {
    let sub = 2 * pair;
    let nibbles = _mm512_set1_epi8(0xF);
    match ty_of(TY) {
        WeightType::Q8_0 => {
            let b = row.add(sub * 34);
            let lo = _mm256_loadu_si256(b.add(2) as *const __m256i);
            let hi = _mm256_loadu_si256(b.add(36) as *const __m256i);
            Pair {
                values: join(lo, hi),
                scale: join_ps(_mm256_set1_ps(half(b)), _mm256_set1_ps(half(b.add(34)))),
            }
        }
        WeightType::Q8_0Pairs => {
            let b = row.add(pair * 68);
            let scales = _mm_cvtph_ps(_mm_cvtsi32_si128((b as *const i32).read_unaligned()));
            let spread = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
            Pair {
                values: _mm512_loadu_si512(b.add(4) as *const __m512i),
                scale: _mm512_permutexvar_ps(spread, _mm512_castps128_ps512(scales)),
            }
        }
        WeightType::Q4K => {
            let b = row.add(sub / 8 * 144);
            let j = sub % 8;
            // Sub-block j takes the low nibbles of these 32 bytes, j + 1 the high ones.
            let qs = _mm256_loadu_si256(b.add(16 + 16 * j) as *const __m256i);
            let both = join(qs, _mm256_srli_epi16(qs, 4));
            Pair {
                values: _mm512_and_si512(both, nibbles),
                scale: k4_scales(b, j),
            }
        }
        WeightType::Q5K => {
            let b = row.add(sub / 8 * 176);
            let j = sub % 8;
            // Low 4 bits as Q4_K's; the fifth is bit j (j + 1) of the 32 bytes of `qh`.
            let qs = _mm256_loadu_si256(b.add(48 + 16 * j) as *const __m256i);
            let low = _mm512_and_si512(join(qs, _mm256_srli_epi16(qs, 4)), nibbles);
            let qh = _mm256_loadu_si256(b.add(16) as *const __m256i);
            let bits = join(
                _mm256_set1_epi8((1u8 << j) as i8),
                _mm256_set1_epi8((1u8 << (j + 1)) as i8),
            );
            let fifth = _mm512_test_epi8_mask(join(qh, qh), bits);
            Pair {
                values: _mm512_mask_add_epi8(low, fifth, low, _mm512_set1_epi8(16)),
                scale: k4_scales(b, j),
            }
        }
        WeightType::Q6K => {
            let b = row.add(sub / 8 * 210);
            let j = sub % 8;
            let (n, g) = (j / 4, j % 4);
            // Sub-blocks g and g + 1 (g = 0 or 2): low 4 bits from 64 bytes of `ql`, their
            // low nibbles for g = 0, high for g = 2; high 2 bits from 32 bytes of `qh`.
            let ql = _mm512_loadu_si512(b.add(n * 64) as *const __m512i);
            let qh = _mm256_loadu_si256(b.add(128 + n * 32) as *const __m256i);
            let (low, high) = if g == 0 {
                (ql, join(_mm256_slli_epi16(qh, 4), _mm256_slli_epi16(qh, 2)))
            } else {
                (_mm512_srli_epi16(ql, 4), join(qh, _mm256_srli_epi16(qh, 2)))
            };
            let values = _mm512_or_si512(
                _mm512_and_si512(low, nibbles),
                _mm512_and_si512(high, _mm512_set1_epi8(0x30)),
            );
            // Four 16-value scales, each over 4 lanes.
            let s = n * 8 + 2 * g;
            let four = (b.add(192 + s) as *const i32).read_unaligned();
            let four = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_cvtsi32_si128(four)));
            let spread = _mm512_set_epi32(3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
            let d = _mm512_set1_ps(half(b.add(208)));
            Pair {
                values: _mm512_sub_epi8(values, _mm512_set1_epi8(32)),
                scale: _mm512_mul_ps(d, _mm512_permutexvar_ps(spread, four)),
            }
        }
        ty => {
            let (lo, hi) = (decode_vnni::<TY>(row, sub), decode_vnni::<TY>(row, sub + 1));
            let values = join(lo.values, hi.values);
            // Q4_0 signed again: one subtraction per pair rather than an offset
            // per token.
            let values = match ty.centre() {
                Some(c) => _mm512_sub_epi8(values, _mm512_set1_epi8(c)),
                None => values,
            };
            Pair {
                values,
                scale: join_ps(lo.scale, hi.scale),
            }
        }
    }
}

/// The offsets of the sub-blocks that start at pair `p` (in the low lanes) and how many there
/// are: a K-quant's `-dmin × min` of the 8 sub-blocks of a superblock, at its first pair; a
/// 32-value type's `m` of both blocks of the pair; none otherwise.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn offsets<const TY: u8>(row: *const u8, p: usize) -> Option<(__m512, u16)> {
    let ty = ty_of(TY);
    if !ty.has_offset() || ty.centre().is_some() {
        return None;
    }
    if ty.block_values() == 32 {
        let b = row.add(2 * p * ty.block_bytes());
        let m = _mm_setr_ps(half(b.add(2)), half(b.add(2 + ty.block_bytes())), 0.0, 0.0);
        return Some((_mm512_zextps128_ps512(m), 0x3));
    }
    if !p.is_multiple_of(4) {
        return None;
    }
    let b = row.add(p / 4 * ty.block_bytes());
    let dmin = half(b.add(2));
    let scales = std::slice::from_raw_parts(b.add(4), 12);
    let mut mins = [0f32; 8];
    for (j, m) in mins.iter_mut().enumerate() {
        *m = -dmin * super::blocks::q4k_scale_min(j, scales).1 as f32;
    }
    Some((_mm512_zextps256_ps512(_mm256_loadu_ps(mins.as_ptr())), 0xFF))
}

/// One row times `T` tokens of a tile: `pairs` points at the tile's first pair for the
/// group's first token (`width` pairs apart from one column position to the next), `sums`
/// at that token's block sums (`blocks` apart from one token to the next; Q4_K's offsets).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn group<const TY: u8, const T: usize>(
    row: *const u8,
    pairs: *const PairQ8,
    sums: *const f32,
    pairs_per_row: usize,
    width: usize,
    out: *mut f32,
    out_stride: usize,
) {
    let mut acc = [_mm512_setzero_ps(); T];
    let blocks = 2 * pairs_per_row;
    for p in 0..pairs_per_row {
        let w = decode_pair::<TY>(row, p);
        let correction = correction(w.values);
        add_offsets::<TY>(row, p, sums, blocks, &mut acc);
        let column = pairs.add(p * width);
        for (t, a) in acc.iter_mut().enumerate() {
            let x = &*column.add(t);
            let u = _mm512_load_si512(x.u.as_ptr() as *const __m512i);
            *a = accumulate(*a, &w, correction, u, _mm512_load_ps(x.d.as_ptr()));
        }
    }
    for (t, a) in acc.iter().enumerate() {
        *out.add(t * out_stride) = _mm512_reduce_add_ps(*a);
    }
}

/// `−128 × Σ w` in each lane, which turns Σ (a + 128) × w into Σ a × w: the correction
/// each token's product of the pair starts from.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
fn correction(values: __m512i) -> __m512i {
    _mm512_sub_epi32(
        _mm512_setzero_si512(),
        _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(-128), values),
    )
}

/// Pair `p`'s offsets, if it starts any, times each token's block sums (`blocks` apart),
/// into the tokens' accumulators: Σ over the sub-blocks of offset × (d × Σ qs), in the low
/// lanes.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn add_offsets<const TY: u8>(
    row: *const u8,
    p: usize,
    sums: *const f32,
    blocks: usize,
    acc: &mut [__m512],
) {
    if let Some((offsets, lanes)) = offsets::<TY>(row, p) {
        for (t, a) in acc.iter_mut().enumerate() {
            let s = _mm512_maskz_loadu_ps(lanes, sums.add(t * blocks + 2 * p));
            *a = _mm512_fmadd_ps(offsets, s, *a);
        }
    }
}

/// `acc` plus one token's product with a decoded pair: its values + 128 (`u`) and the scales
/// over their lanes (`d`).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
fn accumulate(acc: __m512, w: &Pair, correction: __m512i, u: __m512i, d: __m512) -> __m512 {
    let dot = _mm512_dpbusd_epi32(correction, u, w.values);
    _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(w.scale, d), acc)
}

/// Two rows times `T` tokens of a tile, as `group` does each (the same sums in the same
/// order, so the same results), reading each token's activations once for both rows.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn group2<const TY: u8, const T: usize>(
    rows: [*const u8; 2],
    pairs: *const PairQ8,
    sums: *const f32,
    pairs_per_row: usize,
    width: usize,
    out: *mut f32,
    out_stride: usize,
) {
    let mut acc = [[_mm512_setzero_ps(); T]; 2];
    let blocks = 2 * pairs_per_row;
    for p in 0..pairs_per_row {
        let w = [decode_pair::<TY>(rows[0], p), decode_pair::<TY>(rows[1], p)];
        let correction = w.each_ref().map(|w| correction(w.values));
        for (row, acc) in rows.iter().zip(&mut acc) {
            add_offsets::<TY>(*row, p, sums, blocks, acc);
        }
        let column = pairs.add(p * width);
        for t in 0..T {
            let x = &*column.add(t);
            let u = _mm512_load_si512(x.u.as_ptr() as *const __m512i);
            let d = _mm512_load_ps(x.d.as_ptr());
            for ((acc, w), correction) in acc.iter_mut().zip(&w).zip(correction) {
                acc[t] = accumulate(acc[t], w, correction, u, d);
            }
        }
    }
    for (r, acc) in acc.iter().enumerate() {
        for (t, a) in acc.iter().enumerate() {
            *out.add(t * out_stride + r) = _mm512_reduce_add_ps(*a);
        }
    }
}

/// Whether `run` reads `ty`: not Q2_K, whose offsets change every 16 values where the pairs'
/// sums are per 32.
pub fn reads(ty: WeightType) -> bool {
    ty != WeightType::Q2K
}

/// `out[t * out_stride + r - rows.start]` = row `r` · token `t`, for the tokens of whole
/// groups of 4 (`tokens / 4 × 4` of them; all of them for `Q8_0Pairs`); returns how many
/// tokens it did.
///
/// # Safety
/// The CPU has AVX-512 F, BW, VL and VNNI; `pairs` and `sums` hold `tokens` tokens of the
/// weight's width as `pair_up` lays them out; `out` has room.
#[allow(clippy::too_many_arguments)]
pub unsafe fn run(
    ty: WeightType,
    w: &[u8],
    row_bytes: usize,
    rows: std::ops::Range<usize>,
    pairs: &[PairQ8],
    sums: &[f32],
    width: usize,
    tokens: usize,
    out: *mut f32,
    out_stride: usize,
) -> usize {
    by_type!(
        ty,
        typed(w, row_bytes, rows, pairs, sums, width, tokens, out, out_stride)
    )
}

#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn typed<const TY: u8>(
    w: &[u8],
    row_bytes: usize,
    rows: std::ops::Range<usize>,
    pairs: &[PairQ8],
    sums: &[f32],
    width: usize,
    tokens: usize,
    out: *mut f32,
    out_stride: usize,
) -> usize {
    let blocks = sums.len() / tokens;
    let per_row = blocks / 2;
    debug_assert_eq!(pairs.len(), tokens.div_ceil(width) * width * per_row);
    // Groups of 16, 8 or 4 tokens within a tile, then a last 3 or 2 (the write's branches
    // when some have ended, which went through the 256-bit path); Q8_0 pairs are
    // read only here, so their last token goes alone.
    let single = ty_of(TY) == WeightType::Q8_0Pairs;
    let mut t = 0;
    loop {
        let group_of = match tokens - t {
            16.. if t % width == 0 => 16,
            8.. if t % width <= 8 => 8,
            4.. => 4,
            3 => 3,
            2 => 2,
            1.. if single => 1,
            _ => break,
        };
        let tile = pairs.as_ptr().add(t / width * width * per_row + t % width);
        let s = sums.as_ptr().add(t * blocks);
        let ahead = super::x86::rows_ahead(row_bytes);
        // K-quant rows go two at a time, 8 tokens at a time, in groups of 8 and 16 tokens:
        // each token's activations are read once for both rows (pp512 of a Llama 3.2 1B
        // shape, Zen 4: 1.04-1.16x on Q4_K_M and Q5_K_M). The 32-value types stay a row
        // at a time, 16 tokens to a decoded pair: their decoding costs more than the reads
        // saved (Q5_0 files: 0.93x paired).
        let mut first = rows.start;
        if group_of >= 8 && ty_of(TY).block_values() == 256 {
            while first + 2 <= rows.end {
                let pair = [first, first + 1].map(|r| w.as_ptr().add(r * row_bytes));
                for r in [first, first + 1] {
                    super::x86::prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
                }
                let o = out.add(t * out_stride + first - rows.start);
                for eight in (0..group_of).step_by(8) {
                    group2::<TY, 8>(
                        pair,
                        tile.add(eight),
                        s.add(eight * blocks),
                        per_row,
                        width,
                        o.add(eight * out_stride),
                        out_stride,
                    );
                }
                first += 2;
            }
        }
        for r in first..rows.end {
            let i = r - rows.start;
            let row = w.as_ptr().add(r * row_bytes);
            super::x86::prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
            let o = out.add(t * out_stride + i);
            match group_of {
                16 => group::<TY, 16>(row, tile, s, per_row, width, o, out_stride),
                8 => group::<TY, 8>(row, tile, s, per_row, width, o, out_stride),
                4 => group::<TY, 4>(row, tile, s, per_row, width, o, out_stride),
                3 => group::<TY, 3>(row, tile, s, per_row, width, o, out_stride),
                2 => group::<TY, 2>(row, tile, s, per_row, width, o, out_stride),
                _ => group::<TY, 1>(row, tile, s, per_row, width, o, out_stride),
            }
        }
        t += group_of;
    }
    t
}
