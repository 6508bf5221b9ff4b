//! AVX-512 VNNI prompt products summed in integers as llama.cpp's tiled kernels sum them:
//! weight rows unpacked once per call into bytes and integer scales (`tiled_unpack`), 16
//! tokens to a register, one float step per superblock (K-quants) or block (32-value types)
//! and row.
//!
//! A token group's activations lie transposed (`TokenTiles`): for every 4 values of a row,
//! 16 tokens × 4 bytes (+ 128) fill one 512-bit register, so that 4 weight bytes broadcast
//! to every lane give 16 tokens' sums in one `dpbusd`. The weights are signed bytes, the
//! activations unsigned: `Σ (a + 128) w = Σ a w + 128 Σ w`, and `−128 Σ sc Σ w` starts each
//! superblock's integer sum.

use std::arch::x86_64::*;
use std::cell::RefCell;
use std::ops::Range;

use super::blocks::{BlockQ8, WeightType, QK};
use super::tiled_unpack::{sub_len, unit, Unpacked};

/// Tokens per group: one 32-bit lane each.
pub const GROUP: usize = 16;
const _: () = assert!(GROUP == super::PAIR_TILE, "a group's pairs are one tile");
/// Rows multiplied together: each 4 activation bytes loaded serve as many `dpbusd`.
const BAND: usize = 8;
/// Tokens whose activations are walked for every band of rows before the next ones, so that
/// they stay in the core's cache: 4 groups.
const TOKEN_BLOCK: usize = 64;

/// The activations of whole groups of `GROUP` tokens: their values + 128 transposed 4 at a
/// time, each block's scale and its `d × Σ qs`, token by token in 16 lanes. (With `Q8_K`, the
/// 8 blocks of a superblock share their scale.)
#[derive(Default)]
pub struct TokenTiles {
    /// `[group][col / 4][token][4]`.
    codes: Vec<u8>,
    /// `[group][block of 32][token]`.
    scales: Vec<f32>,
    /// `[group][block of 32][token]`.
    sums: Vec<f32>,
    /// `[group][16 values][token]`: the same per 16 values (Q2_K's minimums take them).
    halves: Vec<f32>,
    pub groups: usize,
    cols: usize,
}

impl TokenTiles {
    /// The first `tokens / GROUP` whole groups of `blocks` (`tokens` × `cols / QK`).
    pub fn build(&mut self, blocks: &[BlockQ8], tokens: usize, cols: usize) {
        let per_token = cols / QK;
        self.groups = tokens / GROUP;
        self.cols = cols;
        self.codes.resize(self.groups * GROUP * cols, 0);
        self.scales.resize(self.groups * GROUP * per_token, 0.0);
        self.sums.resize(self.groups * GROUP * per_token, 0.0);
        self.halves.resize(self.groups * GROUP * 2 * per_token, 0.0);
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
                    for (h, sum) in block.halves.iter().enumerate() {
                        self.halves[(g * 2 * per_token + 2 * b + h) * GROUP + t] = *sum;
                    }
                    self.scales[(g * per_token + b) * GROUP + t] = block.d;
                }
            }
        }
    }

    pub fn clear(&mut self) {
        self.groups = 0;
    }
}

/// Whether `ty`'s rows go through these kernels: all quantized types.
pub fn reads(ty: WeightType) -> bool {
    !ty.is_float()
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
    debug_assert_eq!(ty.row_bytes(cols), row_bytes);
    let kind = match (unit(ty), sub_len(ty)) {
        (QK, _) => Kind::Blocks {
            offsets: ty.has_offset() && ty.centre().is_none(),
        },
        (_, 32) => Kind::Sub32,
        _ if ty == WeightType::Q2K => Kind::Sub16Mins,
        _ => Kind::Sub16,
    };
    UNPACKED.with_borrow_mut(|unpacked| {
        // SAFETY: AVX-512 includes AVX2, FMA and F16C here; the rows are the caller's.
        unsafe { unpacked.unpack(ty, w, row_bytes, cols, rows.clone()) };
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
                        match band {
                            BAND => kind.run::<BAND>(unpacked, tiles, g, r, o, out_stride),
                            _ => {
                                for i in r..r + band {
                                    let o = o.add(i - r);
                                    kind.run::<1>(unpacked, tiles, g, i, o, out_stride);
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

/// How a type's units are summed.
#[derive(Clone, Copy)]
enum Kind {
    /// K-quants with a scale per 32 values, and offsets.
    Sub32,
    /// K-quants with a scale per 16 values.
    Sub16,
    /// K-quants with a scale and an offset per 16 values (Q2_K).
    Sub16Mins,
    /// 32-value blocks, with offsets or not.
    Blocks { offsets: bool },
}

impl Kind {
    /// Rows `first..first + R` of `unpacked` times token group `g`.
    ///
    /// # Safety
    /// As `group`'s.
    #[inline]
    unsafe fn run<const R: usize>(
        self,
        unpacked: &Unpacked,
        tiles: &TokenTiles,
        g: usize,
        first: usize,
        out: *mut f32,
        out_stride: usize,
    ) {
        let (u, t, o, stride) = (unpacked, tiles, out, out_stride);
        // SAFETY: the caller's contract.
        unsafe {
            match self {
                Self::Sub32 => group::<32, true, R>(u, t, g, first, o, stride),
                Self::Sub16 => group::<16, false, R>(u, t, g, first, o, stride),
                Self::Sub16Mins => group::<16, true, R>(u, t, g, first, o, stride),
                Self::Blocks { offsets: true } => blocks::<true, R>(u, t, g, first, o, stride),
                Self::Blocks { offsets: false } => blocks::<false, R>(u, t, g, first, o, stride),
            }
        }
    }
}

/// Rows `first..first + R` of `unpacked` (K-quants) times token group `g`, sub-blocks of
/// `SUB` values, each sub-block's offset times the tokens' sums of its values where `MINS`.
///
/// # Safety
/// The CPU has AVX-512 F, BW, VL and VNNI; the rows were unpacked; `out` has room for 16
/// tokens `out_stride` apart and `R` rows.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn group<const SUB: usize, const MINS: bool, const R: usize>(
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
    let scales = tiles.scales.as_ptr().add(g * GROUP * cols / QK);
    // The tokens' sums over each sub-block: per 32 values, or per 16.
    let sums = match SUB {
        32 => tiles.sums.as_ptr().add(g * GROUP * cols / QK),
        _ => tiles.halves.as_ptr().add(g * GROUP * cols / 16),
    };
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
        let da = _mm512_loadu_ps(scales.add(k * 8 * GROUP));
        for r in 0..R {
            let d = _mm512_mul_ps(_mm512_set1_ps(unpacked.d[(first + r) * supers + k]), da);
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum[r]), d, acc[r]);
        }
        if MINS {
            let subs = 256 / SUB;
            for j in 0..subs {
                let s = _mm512_loadu_ps(sums.add((k * subs + j) * GROUP));
                for (r, a) in acc.iter_mut().enumerate() {
                    let m = unpacked.offsets[((first + r) * supers + k) * subs + j];
                    *a = _mm512_fmadd_ps(_mm512_set1_ps(m), s, *a);
                }
            }
        }
    }
    scatter(&acc, out, out_stride);
}

/// Rows `first..first + R` of `unpacked` (32-value types) times token group `g`, each block's
/// offset times the tokens' block sums where `OFFSETS`.
///
/// # Safety
/// As `group`'s.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn blocks<const OFFSETS: bool, const R: usize>(
    unpacked: &Unpacked,
    tiles: &TokenTiles,
    g: usize,
    first: usize,
    out: *mut f32,
    out_stride: usize,
) {
    let cols = tiles.cols;
    let n = cols / QK;
    let codes = tiles.codes.as_ptr().add(g * GROUP * cols);
    let scales = tiles.scales.as_ptr().add(g * GROUP * n);
    let sums = tiles.sums.as_ptr().add(g * GROUP * n);
    let mut acc = [_mm512_setzero_ps(); R];
    for b in 0..n {
        let mut raw = [_mm512_setzero_si512(); R];
        for (r, raw) in raw.iter_mut().enumerate() {
            *raw = _mm512_set1_epi32(unpacked.start[(first + r) * n + b]);
        }
        for q in 0..QK / 4 {
            let four = b * QK / 4 + q;
            let a = _mm512_loadu_si512(codes.add(four * 64) as *const __m512i);
            for (r, raw) in raw.iter_mut().enumerate() {
                let w = unpacked.codes.as_ptr().add((first + r) * cols + four * 4);
                let w = _mm512_set1_epi32((w as *const i32).read_unaligned());
                *raw = _mm512_dpbusd_epi32(*raw, a, w);
            }
        }
        let da = _mm512_loadu_ps(scales.add(b * GROUP));
        for r in 0..R {
            let d = _mm512_mul_ps(_mm512_set1_ps(unpacked.d[(first + r) * n + b]), da);
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(raw[r]), d, acc[r]);
        }
        if OFFSETS {
            let s = _mm512_loadu_ps(sums.add(b * GROUP));
            for (r, a) in acc.iter_mut().enumerate() {
                let m = unpacked.offsets[(first + r) * n + b];
                *a = _mm512_fmadd_ps(_mm512_set1_ps(m), s, *a);
            }
        }
    }
    scatter(&acc, out, out_stride);
}

/// Row `r`'s 16 tokens to `out[t × out_stride + r]`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn scatter<const R: usize>(acc: &[__m512; R], out: *mut f32, out_stride: usize) {
    let index = _mm512_mullo_epi32(
        _mm512_set1_epi32(out_stride as i32),
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
    );
    for (r, a) in acc.iter().enumerate() {
        _mm512_i32scatter_ps::<4>(out.add(r), index, *a);
    }
}
