//! The GGML weight layouts decoded 32 values at a time into a 256-bit register (AVX2, and
//! AVX-512 BW where it saves instructions), with the scale of each 32-bit lane of a product.

use std::arch::x86_64::*;

use super::blocks::WeightType;
use super::x86::{half, ty_of};

/// The 32 four-bit values of 16 bytes at `p`: the low nibbles, then the high ones (the
/// layout of Q4_0, Q4_1, Q5_0 and Q5_1).
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn nibbles(p: *const u8) -> __m256i {
    let qs = _mm_loadu_si128(p as *const __m128i);
    _mm256_and_si256(
        _mm256_set_m128i(_mm_srli_epi16(qs, 4), qs),
        _mm256_set1_epi8(0xF),
    )
}

/// IQ4 indices (bytes of 0..16) to the values they stand for, by one byte shuffle.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn iq4_lookup(indices: __m256i) -> __m256i {
    let table = _mm_loadu_si128(super::blocks::IQ4_VALUES.as_ptr() as *const __m128i);
    _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(table), indices)
}

/// 32 bits to 32 bytes: 0xFF where the bit is set.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
fn bytes_from_bits(bits: u32) -> __m256i {
    let shuffle = _mm256_set_epi64x(
        0x0303_0303_0303_0303,
        0x0202_0202_0202_0202,
        0x0101_0101_0101_0101,
        0,
    );
    let spread = _mm256_shuffle_epi8(_mm256_set1_epi32(bits as i32), shuffle);
    let mask = _mm256_set1_epi64x(0x7fbf_dfef_f7fb_fdfe_u64 as i64);
    let spread = _mm256_or_si256(spread, mask);
    _mm256_cmpeq_epi8(spread, _mm256_set1_epi64x(-1))
}

/// Bits `2g..2g + 2` of the 32 bytes at `p` (Q2_K's and Q3_K's low bits), as bytes.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn two_bits(p: *const u8, g: usize) -> __m256i {
    let qs = _mm256_loadu_si256(p as *const __m256i);
    _mm256_and_si256(
        _mm256_srl_epi16(qs, _mm_cvtsi32_si128(2 * g as i32)),
        _mm256_set1_epi8(3),
    )
}

/// The 8 six-bit scales and 8 six-bit minimums of a Q4_K superblock, from its 12 bytes
/// (`blocks::q4k_scale_min` for all 8 at once, a 32-bit word at a time).
#[inline]
pub(super) unsafe fn q4k_scales(bytes: *const u8) -> ([u8; 8], [u8; 8]) {
    let word = |i: usize| (bytes.add(4 * i) as *const u32).read_unaligned();
    let (w0, w1, w2) = (word(0), word(1), word(2));
    const LOW6: u32 = 0x3f3f_3f3f;
    const LOW4: u32 = 0x0f0f_0f0f;
    const TOP2: u32 = 0x0303_0303;
    let scales = [w0 & LOW6, (w2 & LOW4) | (((w0 >> 6) & TOP2) << 4)];
    let mins = [w1 & LOW6, ((w2 >> 4) & LOW4) | (((w1 >> 6) & TOP2) << 4)];
    let bytes = |w: [u32; 2]| -> [u8; 8] {
        let (lo, hi) = (w[0].to_le_bytes(), w[1].to_le_bytes());
        std::array::from_fn(|j| if j < 4 { lo[j] } else { hi[j - 4] })
    };
    (bytes(scales), bytes(mins))
}

/// Sub-block `j` (0..8) of the Q6_K superblock at `b`, the scales of its two halves given.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn q6k_sub(b: *const u8, j: usize, lo: f32, hi: f32) -> Sub {
    Sub {
        values: q6k_values(b, j),
        scale: _mm256_set_m128(_mm_set1_ps(hi), _mm_set1_ps(lo)),
        offset: 0.0,
    }
}

/// Sub-block `j` (0..8) of the Q6_K superblock at `b`: its 32 values, less 32.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn q6k_values(b: *const u8, j: usize) -> __m256i {
    let mask = _mm256_set1_epi8(0xF);
    let (n, g) = (j / 4, j % 4);
    let ql = _mm256_loadu_si256(b.add(n * 64 + 32 * (g % 2)) as *const __m256i);
    let qh = _mm256_loadu_si256(b.add(128 + n * 32) as *const __m256i);
    let low = if g / 2 == 0 {
        _mm256_and_si256(ql, mask)
    } else {
        _mm256_and_si256(_mm256_srli_epi16(ql, 4), mask)
    };
    let high = match g {
        0 => _mm256_slli_epi16(qh, 4),
        1 => _mm256_slli_epi16(qh, 2),
        2 => qh,
        _ => _mm256_srli_epi16(qh, 2),
    };
    let high = _mm256_and_si256(high, _mm256_set1_epi8(0x30));
    _mm256_sub_epi8(_mm256_or_si256(low, high), _mm256_set1_epi8(32))
}

/// A decoded sub-block: 32 values (signed, or unsigned for the types `has_offset` names), the scale of each
/// of the 8 i32 lanes `dot4` gives, and an additive offset.
pub(super) struct Sub {
    pub(super) values: __m256i,
    pub(super) scale: __m256,
    pub(super) offset: f32,
}

#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn decode<const TY: u8>(row: *const u8, sub: usize) -> Sub {
    let mask = _mm256_set1_epi8(0xF);
    match ty_of(TY) {
        WeightType::Q8_0 => {
            let b = row.add(sub * 34);
            let d = half(b);
            Sub {
                values: _mm256_loadu_si256(b.add(2) as *const __m256i),
                scale: _mm256_set1_ps(d),
                offset: 0.0,
            }
        }
        WeightType::Q8_0Pairs => {
            let (b, half_of) = (row.add(sub / 2 * 68), sub % 2);
            Sub {
                values: _mm256_loadu_si256(b.add(4 + 32 * half_of) as *const __m256i),
                scale: _mm256_set1_ps(half(b.add(2 * half_of))),
                offset: 0.0,
            }
        }
        WeightType::Q5_0 => {
            let b = row.add(sub * 22);
            let d = half(b);
            let qh = (b.add(2) as *const u32).read_unaligned();
            let nibbles = nibbles(b.add(6));
            // Values are nibble | bit << 4, minus 16: where the bit is clear,
            // setting the top nibble gives the same byte as a signed number.
            let high = _mm256_andnot_si256(bytes_from_bits(qh), _mm256_set1_epi8(-16));
            Sub {
                values: _mm256_or_si256(nibbles, high),
                scale: _mm256_set1_ps(d),
                offset: 0.0,
            }
        }
        WeightType::Q4K => {
            let b = row.add(sub / 8 * 144);
            let j = sub % 8;
            let (d, dmin) = (half(b), half(b.add(2)));
            let scales = std::slice::from_raw_parts(b.add(4), 12);
            let (sc, m) = super::blocks::q4k_scale_min(j, scales);
            let qs = _mm256_loadu_si256(b.add(16 + 32 * (j / 2)) as *const __m256i);
            let values = if j.is_multiple_of(2) {
                _mm256_and_si256(qs, mask)
            } else {
                _mm256_and_si256(_mm256_srli_epi16(qs, 4), mask)
            };
            Sub {
                values,
                scale: _mm256_set1_ps(d * sc as f32),
                offset: -dmin * m as f32,
            }
        }
        WeightType::Q6K => {
            let b = row.add(sub / 8 * 210);
            let j = sub % 8;
            let d = half(b.add(208));
            let lo = d * (*b.add(192 + 2 * j) as i8) as f32;
            let hi = d * (*b.add(192 + 2 * j + 1) as i8) as f32;
            q6k_sub(b, j, lo, hi)
        }
        WeightType::Q4_0 => {
            let b = row.add(sub * 18);
            let nibbles = nibbles(b.add(2));
            let d = half(b);
            Sub {
                values: nibbles,
                scale: _mm256_set1_ps(d),
                offset: -8.0 * d,
            }
        }
        WeightType::Q4_1 => {
            let b = row.add(sub * 20);
            Sub {
                values: nibbles(b.add(4)),
                scale: _mm256_set1_ps(half(b)),
                offset: half(b.add(2)),
            }
        }
        WeightType::Q5_1 => {
            let b = row.add(sub * 24);
            let qh = (b.add(4) as *const u32).read_unaligned();
            let nibbles = nibbles(b.add(8));
            let high = _mm256_and_si256(bytes_from_bits(qh), _mm256_set1_epi8(16));
            Sub {
                values: _mm256_or_si256(nibbles, high),
                scale: _mm256_set1_ps(half(b)),
                offset: half(b.add(2)),
            }
        }
        WeightType::Q5K => {
            let b = row.add(sub / 8 * 176);
            let j = sub % 8;
            let (d, dmin) = (half(b), half(b.add(2)));
            let scales = std::slice::from_raw_parts(b.add(4), 12);
            let (sc, m) = super::blocks::q4k_scale_min(j, scales);
            let qs = _mm256_loadu_si256(b.add(48 + 32 * (j / 2)) as *const __m256i);
            let low = match j % 2 {
                0 => _mm256_and_si256(qs, mask),
                _ => _mm256_and_si256(_mm256_srli_epi16(qs, 4), mask),
            };
            let qh = _mm256_loadu_si256(b.add(16) as *const __m256i);
            let bit = _mm256_set1_epi8((1u8 << j) as i8);
            let set = _mm256_cmpeq_epi8(_mm256_and_si256(qh, bit), bit);
            Sub {
                values: _mm256_or_si256(low, _mm256_and_si256(set, _mm256_set1_epi8(16))),
                scale: _mm256_set1_ps(d * sc as f32),
                offset: -dmin * m as f32,
            }
        }
        WeightType::Q3K => {
            let b = row.add(sub / 8 * 110);
            let j = sub % 8;
            let (n, g) = (j / 4, j % 4);
            let low = two_bits(b.add(32 + 32 * n), g);
            // Less 4 where the value's bit in `hmask` is clear.
            let hmask = _mm256_loadu_si256(b as *const __m256i);
            let bit = _mm256_set1_epi8((1u8 << (4 * n + g)) as i8);
            let set = _mm256_cmpeq_epi8(_mm256_and_si256(hmask, bit), bit);
            let four = _mm256_andnot_si256(set, _mm256_set1_epi8(4));
            let d = half(b.add(108));
            let scales = std::slice::from_raw_parts(b.add(96), 12);
            let lo = d * super::blocks::q3k_scale(2 * j, scales) as f32;
            let hi = d * super::blocks::q3k_scale(2 * j + 1, scales) as f32;
            Sub {
                values: _mm256_sub_epi8(low, four),
                scale: _mm256_set_m128(_mm_set1_ps(hi), _mm_set1_ps(lo)),
                offset: 0.0,
            }
        }
        WeightType::Q2K => {
            let b = row.add(sub / 8 * 84);
            let j = sub % 8;
            let (n, g) = (j / 4, j % 4);
            let values = two_bits(b.add(16 + 32 * n), g);
            let d = half(b.add(80));
            let (lo, hi) = (*b.add(2 * j) & 0xF, *b.add(2 * j + 1) & 0xF);
            Sub {
                values,
                scale: _mm256_set_m128(_mm_set1_ps(d * hi as f32), _mm_set1_ps(d * lo as f32)),
                // Per 16 values: `x86::q2k_offset`.
                offset: 0.0,
            }
        }
        WeightType::IQ4NL => {
            let b = row.add(sub * 18);
            Sub {
                values: iq4_lookup(nibbles(b.add(2))),
                scale: _mm256_set1_ps(half(b)),
                offset: 0.0,
            }
        }
        WeightType::IQ4XS => {
            let b = row.add(sub / 8 * 136);
            let j = sub % 8;
            let sc = super::blocks::iq4xs_scale(std::slice::from_raw_parts(b, 8), j);
            Sub {
                values: iq4_lookup(nibbles(b.add(8 + 16 * j))),
                scale: _mm256_set1_ps(half(b) * sc as f32),
                offset: 0.0,
            }
        }
        WeightType::F32 | WeightType::F16 | WeightType::BF16 => {
            unreachable!("float rows are not decoded in sub-blocks")
        }
    }
}

/// `decode` with AVX-512 BW's byte masks: Q5_0's fifth bits select bytes straight from the
/// 32-bit mask instead of being spread into bytes by shuffles (the same values, in two
/// instructions rather than six); other types as `decode`. (Q5_1's fifth bits are spread
/// by shuffles still.)
#[inline]
#[target_feature(enable = "avx2,fma,f16c,avx512bw,avx512vl")]
pub(super) unsafe fn decode_vnni<const TY: u8>(row: *const u8, sub: usize) -> Sub {
    if ty_of(TY) != WeightType::Q5_0 {
        return decode::<TY>(row, sub);
    }
    let b = row.add(sub * 22);
    let qh = (b.add(2) as *const u32).read_unaligned();
    let nibbles = nibbles(b.add(6));
    // nibble − 16 where the fifth bit is clear (the nibble with its top bits set, read as
    // signed), the nibble itself where it is set.
    let low = _mm256_or_si256(nibbles, _mm256_set1_epi8(-16));
    Sub {
        values: _mm256_mask_blend_epi8(qh, low, nibbles),
        scale: _mm256_set1_ps(half(b)),
        offset: 0.0,
    }
}
