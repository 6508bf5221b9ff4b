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
        (_, 32) => Kind::Sub32 {
            mins: ty.has_offset(),
        },
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
    /// Superblocks with a scale per 32 values, and offsets (Q4_K, Q5_K) or none (IQ4_XS).
    Sub32 { mins: bool },
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
                Self::Sub32 { mins: true } => group::<32, true, R>(u, t, g, first, o, stride),
                Self::Sub32 { mins: false } => group::<32, false, R>(u, t, g, first, o, stride),
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
    // Row `first + r`'s unit `k` is at `r × supers + k` from these (no bounds checks in the
    // loop: the unpacking sized them for every row).
    let at = first * supers;
    let (start, d) = (unpacked.start.as_ptr().add(at), unpacked.d.as_ptr().add(at));
    let sc = unpacked.sc.as_ptr().add(at * 16);
    let subs = 256 / SUB;
    let offsets = unpacked.offsets.as_ptr().add(at * subs);
    let mut acc = [_mm512_setzero_ps(); R];
    for k in 0..supers {
        let mut isum = [_mm512_setzero_si512(); R];
        for (r, s) in isum.iter_mut().enumerate() {
            *s = _mm512_set1_epi32(*start.add(r * supers + k));
        }
        for s in 0..subs {
            let mut raw = [_mm512_setzero_si512(); R];
            let four = k * 64 + s * SUB / 4;
            let w = unpacked.codes.as_ptr().add(at * 256 + four * 4);
            dots::<R>(&mut raw, codes.add(four * 64), w, supers * 256, SUB / 4);
            for r in 0..R {
                let sc = _mm512_set1_epi32(*sc.add((r * supers + k) * 16 + s));
                isum[r] = _mm512_add_epi32(isum[r], _mm512_mullo_epi32(raw[r], sc));
            }
        }
        let da = _mm512_loadu_ps(scales.add(k * 8 * GROUP));
        for r in 0..R {
            let d = _mm512_mul_ps(_mm512_set1_ps(*d.add(r * supers + k)), da);
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum[r]), d, acc[r]);
        }
        if MINS {
            for j in 0..subs {
                let s = _mm512_loadu_ps(sums.add((k * subs + j) * GROUP));
                for (r, a) in acc.iter_mut().enumerate() {
                    let m = *offsets.add((r * supers + k) * subs + j);
                    *a = _mm512_fmadd_ps(_mm512_set1_ps(m), s, *a);
                }
            }
        }
    }
    store(&acc, out, out_stride);
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
    let at = first * n;
    let (start, d) = (unpacked.start.as_ptr().add(at), unpacked.d.as_ptr().add(at));
    let offsets = unpacked.offsets.as_ptr().add(at);
    let mut acc = [_mm512_setzero_ps(); R];
    for b in 0..n {
        let mut raw = [_mm512_setzero_si512(); R];
        for (r, raw) in raw.iter_mut().enumerate() {
            *raw = _mm512_set1_epi32(*start.add(r * n + b));
        }
        let four = b * QK / 4;
        let w = unpacked.codes.as_ptr().add(first * cols + four * 4);
        dots::<R>(&mut raw, codes.add(four * 64), w, cols, QK / 4);
        let da = _mm512_loadu_ps(scales.add(b * GROUP));
        for r in 0..R {
            let d = _mm512_mul_ps(_mm512_set1_ps(*d.add(r * n + b)), da);
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(raw[r]), d, acc[r]);
        }
        if OFFSETS {
            let s = _mm512_loadu_ps(sums.add(b * GROUP));
            for (r, a) in acc.iter_mut().enumerate() {
                let m = *offsets.add(r * n + b);
                *a = _mm512_fmadd_ps(_mm512_set1_ps(m), s, *a);
            }
        }
    }
    store(&acc, out, out_stride);
}

/// `raw[r]` += the sum over `steps` steps of 4 values: the 16 tokens' activation bytes at `a` (64
/// per step) times row `r`'s 4 weight bytes at `w + r × row_stride` (4 per step).
///
/// # Safety
/// As `group`'s; `a` and the rows hold `steps` steps.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn dots<const R: usize>(
    raw: &mut [__m512i; R],
    a: *const u8,
    w: *const i8,
    row_stride: usize,
    steps: usize,
) {
    if R == BAND && (steps == 8 || steps == 4) {
        // Written out: LLVM loads every step's activations up front, runs out of the 32
        // registers beside the band's sums and chains the last row's steps one after another.
        // No loop either: a loop of 4 or 8 turns missed its exit branch every sub-block.
        let [r0, r1, r2, r3, r4, r5, r6, r7] =
            &mut *(raw as *mut [__m512i; R] as *mut [__m512i; 8]);
        let _scratch: __m512i;
        macro_rules! dots_asm {
            ($($a:literal $w:literal),+) => {
                std::arch::asm!(
                    $(
                        concat!("vmovdqu64 {t}, zmmword ptr [{a} + ", $a, "]"),
                        concat!("vpdpbusd {r0}, {t}, dword ptr [{w} + ", $w, "]{{1to16}}"),
                        concat!("vpdpbusd {r1}, {t}, dword ptr [{w} + {s} + ", $w, "]{{1to16}}"),
                        concat!("vpdpbusd {r2}, {t}, dword ptr [{w} + 2*{s} + ", $w, "]{{1to16}}"),
                        concat!("vpdpbusd {r3}, {t}, dword ptr [{w3} + ", $w, "]{{1to16}}"),
                        concat!("vpdpbusd {r4}, {t}, dword ptr [{w} + 4*{s} + ", $w, "]{{1to16}}"),
                        concat!("vpdpbusd {r5}, {t}, dword ptr [{w3} + 2*{s} + ", $w, "]{{1to16}}"),
                        concat!("vpdpbusd {r6}, {t}, dword ptr [{w3} + {s3} + ", $w, "]{{1to16}}"),
                        concat!("vpdpbusd {r7}, {t}, dword ptr [{w3} + 4*{s} + ", $w, "]{{1to16}}"),
                    )+
                    a = in(reg) a,
                    w = in(reg) w,
                    w3 = in(reg) w.add(3 * row_stride),
                    s = in(reg) row_stride,
                    s3 = in(reg) 3 * row_stride,
                    t = out(zmm_reg) _scratch,
                    r0 = inout(zmm_reg) *r0,
                    r1 = inout(zmm_reg) *r1,
                    r2 = inout(zmm_reg) *r2,
                    r3 = inout(zmm_reg) *r3,
                    r4 = inout(zmm_reg) *r4,
                    r5 = inout(zmm_reg) *r5,
                    r6 = inout(zmm_reg) *r6,
                    r7 = inout(zmm_reg) *r7,
                    options(nostack, readonly, preserves_flags),
                )
            };
        }
        match steps {
            8 => dots_asm!(0 0, 64 4, 128 8, 192 12, 256 16, 320 20, 384 24, 448 28),
            _ => dots_asm!(0 0, 64 4, 128 8, 192 12),
        }
        return;
    }
    for q in 0..steps {
        let x = _mm512_loadu_si512(a.add(q * 64) as *const __m512i);
        for (r, raw) in raw.iter_mut().enumerate() {
            let w = w.add(r * row_stride + q * 4);
            let w = _mm512_set1_epi32((w as *const i32).read_unaligned());
            *raw = _mm512_dpbusd_epi32(*raw, x, w);
        }
    }
}

/// Row `r`'s 16 tokens to `out[t × out_stride + r]`: a band of 8 rows transposed in
/// registers to 8 consecutive values per token, fewer rows scattered.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
unsafe fn store<const R: usize>(acc: &[__m512; R], out: *mut f32, out_stride: usize) {
    if R == BAND {
        let v = &*(acc as *const [__m512; R] as *const [__m512; 8]);
        // In each 128-bit lane (tokens 4i..4i + 4): rows 0-3 and rows 4-7 of every token.
        let quarter = |v: &[__m512]| {
            let t0 = _mm512_unpacklo_ps(v[0], v[1]);
            let t1 = _mm512_unpackhi_ps(v[0], v[1]);
            let t2 = _mm512_unpacklo_ps(v[2], v[3]);
            let t3 = _mm512_unpackhi_ps(v[2], v[3]);
            [
                _mm512_shuffle_ps::<0x44>(t0, t2),
                _mm512_shuffle_ps::<0xEE>(t0, t2),
                _mm512_shuffle_ps::<0x44>(t1, t3),
                _mm512_shuffle_ps::<0xEE>(t1, t3),
            ]
        };
        let (low, high) = (quarter(&v[..4]), quarter(&v[4..]));
        // Lanes a0 b0 a1 b1 (tokens j and 4 + j), then a2 b2 a3 b3 (8 + j and 12 + j).
        let first = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
        let second = _mm512_add_epi32(first, _mm512_set1_epi32(8));
        for j in 0..4 {
            for (half, index) in [first, second].into_iter().enumerate() {
                let z = _mm512_permutex2var_ps(low[j], index, high[j]);
                let t = 8 * half + j;
                let lo = _mm512_castps512_ps256(z);
                let hi = _mm256_castpd_ps(_mm512_extractf64x4_pd::<1>(_mm512_castps_pd(z)));
                _mm256_storeu_ps(out.add(t * out_stride), lo);
                _mm256_storeu_ps(out.add((t + 4) * out_stride), hi);
            }
        }
        return;
    }
    let index = _mm512_mullo_epi32(
        _mm512_set1_epi32(out_stride as i32),
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
    );
    for (r, a) in acc.iter().enumerate() {
        _mm512_i32scatter_ps::<4>(out.add(r), index, *a);
    }
}
