//! Weight rows unpacked for `tiled`'s integer sums: a signed byte per value, and each
//! superblock's (K-quants) or block's (32-value types) scale, integer sub-block scales,
//! offsets, and the correction `−128 × Σ sc × Σ w` its sum starts from.

use std::arch::x86_64::*;
use std::ops::Range;

use super::blocks::{iq4xs_scale, q3k_scale, q4k_scale_min, WeightType, QK};
use super::decode::half;
use super::x86::{by_type, decode, ty_of};

/// Rows unpacked, indexed by row then unit: a unit is a superblock of 256 values for the
/// K-quants, a block of 32 for the other types.
#[derive(Default)]
pub(super) struct Unpacked {
    pub codes: Vec<i8>,
    /// `[row][unit]`: the weights' scale `d`.
    pub d: Vec<f32>,
    /// `[row][unit]`: `−128 × Σ over sub-blocks of sc × Σ w` (sc = 1 for 32-value types).
    pub start: Vec<i32>,
    /// `[row][superblock][sub-block]`, 16 per superblock: the K-quants' integer scales.
    pub sc: Vec<i32>,
    /// `[row][block of 32]`, or `[row][16 values]` for Q2_K: what each value adds beyond
    /// `d × sc × w`: `−dmin × m` for Q4_K, Q5_K and Q2_K, `m` for Q4_1 and Q5_1; 0 otherwise.
    pub offsets: Vec<f32>,
}

/// Values per unit of `ty`: 256 for the K-quants, 32 for the others.
pub(super) fn unit(ty: WeightType) -> usize {
    match ty.block_values() {
        256 => 256,
        _ => QK,
    }
}

/// Values per sub-block scale of a K-quant.
pub(super) fn sub_len(ty: WeightType) -> usize {
    match ty {
        WeightType::Q4K | WeightType::Q5K | WeightType::IQ4XS => 32,
        _ => 16,
    }
}

impl Unpacked {
    /// Rows `rows` of `w` (`row_bytes` each, `cols` values, as `ty`).
    ///
    /// # Safety
    /// The CPU has AVX2, FMA and F16C; the rows lie within `w`.
    pub unsafe fn unpack(
        &mut self,
        ty: WeightType,
        w: &[u8],
        row_bytes: usize,
        cols: usize,
        rows: Range<usize>,
    ) {
        let n = rows.len();
        let units = cols / unit(ty);
        self.codes.resize(n * cols, 0);
        self.d.resize(n * units, 0.0);
        self.start.resize(n * units, 0);
        self.sc.resize(n * cols / 256 * 16, 0);
        // One per 16 values, the most any type keeps.
        self.offsets.resize(n * cols / 16, 0.0);
        for (i, r) in rows.enumerate() {
            let row = &w[r * row_bytes..(r + 1) * row_bytes];
            for k in 0..units {
                let at = i * units + k;
                // SAFETY: the caller's contract; unit `k` lies within the row.
                unsafe {
                    match units == cols / 256 {
                        true => by_type!(ty, superblock(row, k, at, self)),
                        false => by_type!(ty, block(row, k, at, self)),
                    }
                }
            }
        }
    }
}

/// Σ w over each 4 of 32 signed values, in 8 lanes.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
fn fours(values: __m256i) -> __m256i {
    _mm256_madd_epi16(
        _mm256_maddubs_epi16(_mm256_set1_epi8(1), values),
        _mm256_set1_epi16(1),
    )
}

#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
fn lanes_sum(v: __m256i) -> i32 {
    let mut lanes = [0i32; 8];
    // SAFETY: 8 lanes into 8 i32.
    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, v) };
    lanes.iter().sum()
}

/// Block `k` (32 values) of `row` into slot `at` of `out`: Q4_0 recentred to signed values,
/// Q4_1 and Q5_1 with their `m` as an offset.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn block<const TY: u8>(row: &[u8], k: usize, at: usize, out: &mut Unpacked) {
    let ty = ty_of(TY);
    let sub = decode::<TY>(row.as_ptr(), k);
    let values = match ty.centre() {
        Some(c) => _mm256_sub_epi8(sub.values, _mm256_set1_epi8(c)),
        None => sub.values,
    };
    _mm256_storeu_si256(out.codes.as_mut_ptr().add(at * QK) as *mut __m256i, values);
    out.d[at] = _mm256_cvtss_f32(sub.scale);
    out.offsets[at] = match ty.centre() {
        Some(_) => 0.0,
        None => sub.offset,
    };
    out.start[at] = -128 * lanes_sum(fours(values));
}

/// Superblock `k` of `row` into slot `at` of `out`: its values by the SIMD decoders, its
/// scales as integers.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn superblock<const TY: u8>(row: &[u8], k: usize, at: usize, out: &mut Unpacked) {
    let ty = ty_of(TY);
    let b = &row[k * ty.block_bytes()..(k + 1) * ty.block_bytes()];
    let sc = &mut out.sc[at * 16..(at + 1) * 16];
    let subs = 256 / sub_len(ty);
    let offsets = &mut out.offsets[at * subs..(at + 1) * subs];
    out.d[at] = match ty {
        WeightType::Q4K | WeightType::Q5K => {
            let dmin = half(b, 2);
            for j in 0..8 {
                let (s, m) = q4k_scale_min(j, &b[4..16]);
                sc[j] = s as i32;
                offsets[j] = -dmin * m as f32;
            }
            half(b, 0)
        }
        WeightType::Q6K => {
            for (s, byte) in sc.iter_mut().zip(&b[192..208]) {
                *s = *byte as i8 as i32;
            }
            half(b, 208)
        }
        WeightType::Q3K => {
            for (k, s) in sc.iter_mut().enumerate() {
                *s = q3k_scale(k, &b[96..108]) as i32;
            }
            half(b, 108)
        }
        WeightType::Q2K => {
            let dmin = half(b, 82);
            for (k, (s, m)) in sc.iter_mut().zip(offsets.iter_mut()).enumerate() {
                *s = (b[k] & 0xF) as i32;
                *m = -dmin * (b[k] >> 4) as f32;
            }
            half(b, 80)
        }
        WeightType::IQ4XS => {
            for (j, s) in sc.iter_mut().take(8).enumerate() {
                *s = iq4xs_scale(b, j);
            }
            offsets.fill(0.0);
            half(b, 0)
        }
        _ => unreachable!("{ty:?} has no superblocks"),
    };
    let codes = out.codes.as_mut_ptr().add(at * 256);
    let mut start = _mm256_setzero_si256();
    for j in 0..8 {
        let values = decode::<TY>(row.as_ptr(), k * 8 + j).values;
        _mm256_storeu_si256(codes.add(j * QK) as *mut __m256i, values);
        // Each 4 values' sum weighted by the scale of their 16 or 32.
        let scale = match sub_len(ty) {
            32 => _mm256_set1_epi32(sc[j]),
            _ => {
                let (lo, hi) = (sc[2 * j], sc[2 * j + 1]);
                _mm256_setr_epi32(lo, lo, lo, lo, hi, hi, hi, hi)
            }
        };
        start = _mm256_add_epi32(start, _mm256_mullo_epi32(fours(values), scale));
    }
    out.start[at] = -128 * lanes_sum(start);
}
