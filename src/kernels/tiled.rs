//! AVX-512 VNNI prompt products for the K-quants (Q3_K, Q4_K, Q5_K, Q6_K), summed in integers
//! as llama.cpp's tiled kernels sum them: weight rows unpacked once per call into bytes and
//! integer scales, 16 tokens to a register, one float step per superblock and row.
//!
//! A token group's activations lie transposed (`TokenTiles`): for every 4 values of a row,
//! 16 tokens × 4 bytes (+ 128) fill one 512-bit register, so that 4 weight bytes broadcast
//! to every lane give 16 tokens' sums in one `dpbusd`. The weights are signed bytes, the
//! activations unsigned: `Σ (a + 128) w = Σ a w + 128 Σ w`, and `−128 Σ sc Σ w` starts each
//! superblock's integer sum.

use std::arch::x86_64::*;
use std::cell::RefCell;
use std::ops::Range;

use super::blocks::{q3k_scale, q4k_scale_min, BlockQ8, WeightType, QK};
use super::decode::half;
use super::x86::{by_type, decode, ty_of};

/// Tokens per group: one 32-bit lane each.
pub const GROUP: usize = 16;
const _: () = assert!(GROUP == super::PAIR_TILE, "a group's pairs are one tile");
/// Rows multiplied together: each 4 activation bytes loaded serve as many `dpbusd`.
const BAND: usize = 8;
/// Tokens whose activations are walked for every band of rows before the next ones, so that
/// they stay in the core's cache: 4 groups.
const TOKEN_BLOCK: usize = 64;

/// The activations of whole groups of `GROUP` tokens, for `Q8_K` (one scale per 256 values):
/// their values + 128 transposed 4 at a time, each superblock's scale and each block's
/// `d × Σ qs`, token by token in 16 lanes.
#[derive(Default)]
pub struct TokenTiles {
    /// `[group][col / 4][token][4]`.
    codes: Vec<u8>,
    /// `[group][superblock][token]`.
    scales: Vec<f32>,
    /// `[group][block of 32][token]`.
    sums: Vec<f32>,
    pub groups: usize,
    cols: usize,
}

impl TokenTiles {
    /// The first `tokens / GROUP` whole groups of `blocks` (`tokens` × `cols / QK`, `Q8_K`).
    pub fn build(&mut self, blocks: &[BlockQ8], tokens: usize, cols: usize) {
        let per_token = cols / QK;
        self.groups = tokens / GROUP;
        self.cols = cols;
        self.codes.resize(self.groups * GROUP * cols, 0);
        self.scales.resize(self.groups * GROUP * cols / 256, 0.0);
        self.sums.resize(self.groups * GROUP * per_token, 0.0);
        for g in 0..self.groups {
            let codes = &mut self.codes[g * GROUP * cols..(g + 1) * GROUP * cols];
            for t in 0..GROUP {
                let token = &blocks[(g * GROUP + t) * per_token..][..per_token];
                for (b, block) in token.iter().enumerate() {
                    for (i, four) in block.offset_qs.chunks_exact(4).enumerate() {
                        let at = ((b * QK / 4 + i) * GROUP + t) * 4;
                        codes[at..at + 4].copy_from_slice(four);
                    }
                    self.sums[(g * per_token + b) * GROUP + t] = block.s;
                    if b % 8 == 0 {
                        self.scales[(g * cols / 256 + b / 8) * GROUP + t] = block.d;
                    }
                }
            }
        }
    }

    pub fn clear(&mut self) {
        self.groups = 0;
    }
}

/// Whether `ty`'s rows go through these kernels.
pub fn reads(ty: WeightType) -> bool {
    matches!(
        ty,
        WeightType::Q3K | WeightType::Q4K | WeightType::Q5K | WeightType::Q6K
    )
}

/// Rows unpacked for the integer sums: a byte per value, signed, and per superblock its
/// scale `d`, its sub-block scales as integers and the correction that starts its sum.
#[derive(Default)]
struct Unpacked {
    codes: Vec<i8>,
    /// `[row][superblock]`.
    d: Vec<f32>,
    /// `[row][superblock]`: `−128 × Σ over sub-blocks of sc × Σ w`.
    start: Vec<i32>,
    /// `[row][superblock][sub-block]`, 16 per superblock.
    sc: Vec<i32>,
    /// `[row][superblock][sub-block of 32]`: `−dmin × m`, for Q4_K and Q5_K.
    mins: Vec<f32>,
}

impl Unpacked {
    /// Rows `rows` of `w` (`row_bytes` each, as `ty`).
    ///
    /// # Safety
    /// The CPU has AVX2, FMA and F16C; the rows lie within `w`.
    unsafe fn unpack(&mut self, ty: WeightType, w: &[u8], row_bytes: usize, rows: Range<usize>) {
        let n = rows.len();
        let supers = row_bytes / ty.block_bytes();
        self.codes.resize(n * supers * 256, 0);
        self.d.resize(n * supers, 0.0);
        self.start.resize(n * supers, 0);
        self.sc.resize(n * supers * 16, 0);
        self.mins.resize(n * supers * 8, 0.0);
        for (i, r) in rows.enumerate() {
            let row = &w[r * row_bytes..(r + 1) * row_bytes];
            for k in 0..supers {
                let at = i * supers + k;
                // SAFETY: the caller's contract; superblock `k` lies within the row.
                unsafe { by_type!(ty, superblock(row, k, at, self)) };
            }
        }
    }
}

/// Superblock `k` of `row` into slot `at` of `out`: its values by the SIMD decoders, its
/// scales as integers, and the correction `−128 × Σ sc × Σ w` its sums start from.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn superblock<const TY: u8>(row: &[u8], k: usize, at: usize, out: &mut Unpacked) {
    let ty = ty_of(TY);
    let b = &row[k * ty.block_bytes()..(k + 1) * ty.block_bytes()];
    let sc = &mut out.sc[at * 16..(at + 1) * 16];
    let mins = &mut out.mins[at * 8..(at + 1) * 8];
    out.d[at] = match ty {
        WeightType::Q4K | WeightType::Q5K => {
            let dmin = half(b, 2);
            for j in 0..8 {
                let (s, m) = q4k_scale_min(j, &b[4..16]);
                sc[j] = s as i32;
                mins[j] = -dmin * m as f32;
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
        _ => unreachable!("{ty:?} is not read here"),
    };
    let codes = out.codes.as_mut_ptr().add(at * 256);
    let ones = _mm256_set1_epi8(1);
    let mut start = _mm256_setzero_si256();
    for j in 0..8 {
        let values = decode::<TY>(row.as_ptr(), k * 8 + j).values;
        _mm256_storeu_si256(codes.add(j * QK) as *mut __m256i, values);
        // Σ w over each 4 values, then weighted by the scale of its 16 or 32.
        let fours = _mm256_madd_epi16(_mm256_maddubs_epi16(ones, values), _mm256_set1_epi16(1));
        let scale = match sub_len(ty) {
            32 => _mm256_set1_epi32(sc[j]),
            _ => _mm256_setr_epi32(
                sc[2 * j],
                sc[2 * j],
                sc[2 * j],
                sc[2 * j],
                sc[2 * j + 1],
                sc[2 * j + 1],
                sc[2 * j + 1],
                sc[2 * j + 1],
            ),
        };
        start = _mm256_add_epi32(start, _mm256_mullo_epi32(fours, scale));
    }
    let mut lanes = [0i32; 8];
    _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, start);
    out.start[at] = -128 * lanes.iter().sum::<i32>();
}

/// Values per sub-block scale.
fn sub_len(ty: WeightType) -> usize {
    match ty {
        WeightType::Q4K | WeightType::Q5K => 32,
        _ => 16,
    }
}

thread_local! {
    static UNPACKED: RefCell<Unpacked> = RefCell::default();
}

/// `out[t * out_stride + r - rows.start]` = row `r` · token `t` for the tokens of `tiles`'
/// whole groups; returns how many tokens that is.
///
/// # Safety
/// The CPU has AVX-512 F, BW, VL and VNNI; `w` holds `rows` of `row_bytes` as `ty` (one that
/// `reads`), of the width `tiles` were built for; `out` has room.
pub unsafe fn run(
    ty: WeightType,
    w: &[u8],
    row_bytes: usize,
    rows: Range<usize>,
    tiles: &TokenTiles,
    out: *mut f32,
    out_stride: usize,
) -> usize {
    let cols = tiles.cols;
    debug_assert_eq!(row_bytes / ty.block_bytes() * 256, cols);
    UNPACKED.with_borrow_mut(|unpacked| {
        // SAFETY: AVX-512 includes AVX2, FMA and F16C here; the rows are the caller's.
        unsafe { unpacked.unpack(ty, w, row_bytes, rows.clone()) };
        let n = rows.len();
        let groups_per_block = TOKEN_BLOCK / GROUP;
        for first_group in (0..tiles.groups).step_by(groups_per_block) {
            let groups = first_group..(first_group + groups_per_block).min(tiles.groups);
            let mut r = 0;
            while r < n {
                let band = BAND.min(n - r);
                for g in groups.clone() {
                    let o = out.add(g * GROUP * out_stride + r);
                    // SAFETY: the caller's contract; `r..r + band` lie within the rows.
                    unsafe {
                        match (sub_len(ty), band) {
                            (32, BAND) => group::<32, BAND>(unpacked, tiles, g, r, o, out_stride),
                            (_, BAND) => group::<16, BAND>(unpacked, tiles, g, r, o, out_stride),
                            (sub, _) => {
                                for i in r..r + band {
                                    let o = o.add(i - r);
                                    match sub {
                                        32 => group::<32, 1>(unpacked, tiles, g, i, o, out_stride),
                                        _ => group::<16, 1>(unpacked, tiles, g, i, o, out_stride),
                                    }
                                }
                            }
                        }
                    }
                }
                r += band;
            }
        }
    });
    tiles.groups * GROUP
}

/// Rows `first..first + R` of `unpacked` times token group `g`, sub-blocks of `SUB` values.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn group<const SUB: usize, const R: usize>(
    unpacked: &Unpacked,
    tiles: &TokenTiles,
    g: usize,
    first: usize,
    out: *mut f32,
    out_stride: usize,
) {
    let cols = tiles.cols;
    let supers = cols / 256;
    let codes = tiles.codes.as_ptr().add(g * GROUP * cols);
    let scales = tiles.scales.as_ptr().add(g * GROUP * supers);
    let sums = tiles.sums.as_ptr().add(g * GROUP * cols / QK);
    let with_mins = SUB == 32;
    let mut acc = [_mm512_setzero_ps(); R];
    for k in 0..supers {
        let mut isum = [_mm512_setzero_si512(); R];
        for (r, s) in isum.iter_mut().enumerate() {
            *s = _mm512_set1_epi32(unpacked.start[(first + r) * supers + k]);
        }
        for s in 0..256 / SUB {
            let mut raw = [_mm512_setzero_si512(); R];
            for q in 0..SUB / 4 {
                let four = k * 64 + s * SUB / 4 + q;
                let a = _mm512_loadu_si512(codes.add(four * 64) as *const __m512i);
                for (r, raw) in raw.iter_mut().enumerate() {
                    let w = unpacked
                        .codes
                        .as_ptr()
                        .add(((first + r) * supers) * 256 + four * 4);
                    let w = _mm512_set1_epi32((w as *const i32).read_unaligned());
                    *raw = _mm512_dpbusd_epi32(*raw, a, w);
                }
            }
            for r in 0..R {
                let sc = unpacked.sc[((first + r) * supers + k) * 16 + s];
                isum[r] =
                    _mm512_add_epi32(isum[r], _mm512_mullo_epi32(raw[r], _mm512_set1_epi32(sc)));
            }
        }
        let da = _mm512_loadu_ps(scales.add(k * GROUP));
        for r in 0..R {
            let d = _mm512_mul_ps(_mm512_set1_ps(unpacked.d[(first + r) * supers + k]), da);
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum[r]), d, acc[r]);
        }
        if with_mins {
            for j in 0..8 {
                let s = _mm512_loadu_ps(sums.add((k * 8 + j) * GROUP));
                for (r, a) in acc.iter_mut().enumerate() {
                    let m = unpacked.mins[((first + r) * supers + k) * 8 + j];
                    *a = _mm512_fmadd_ps(_mm512_set1_ps(m), s, *a);
                }
            }
        }
    }
    let index = _mm512_mullo_epi32(
        _mm512_set1_epi32(out_stride as i32),
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
    );
    for (r, a) in acc.iter().enumerate() {
        _mm512_i32scatter_ps::<4>(out.add(r), index, *a);
    }
}
