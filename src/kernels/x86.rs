//! x86-64 SIMD kernels (AVX2 + FMA + F16C, and the same with AVX-512 VNNI's `vpdpbusd`): the
//! product of weight rows with up to 8 tokens' activations, each weight sub-block decoded once
//! into 32 bytes and used for every token of the group.

use std::arch::x86_64::*;

use super::blocks::{BlockQ8, WeightType, QK};
pub(super) use super::x86_decode::{decode, decode_vnni, q4k_scales, q6k_values};
use super::x86_k::{k_one_kernels, mins_term, q2k_mins_term, q3k_scales};

/// Which instruction set the kernels use, detected once at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Avx2,
    Avx512Vnni,
}

/// The best level this CPU has, detected once (it is asked on every product).
pub fn detect() -> Option<Level> {
    static LEVEL: std::sync::OnceLock<Option<Level>> = std::sync::OnceLock::new();
    *LEVEL.get_or_init(detect_now)
}

fn detect_now() -> Option<Level> {
    let avx2 = is_x86_feature_detected!("avx2")
        && is_x86_feature_detected!("fma")
        && is_x86_feature_detected!("f16c");
    let vnni = is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512vl")
        && is_x86_feature_detected!("avx512vnni");
    match (avx2, vnni) {
        (true, true) => Some(Level::Avx512Vnni),
        (true, false) => Some(Level::Avx2),
        _ => None,
    }
}

/// `out[t * out_stride + r - rows.start]` = row `r` of `w` · token `t` of `acts`, for `t` in
/// `0..tokens`; `acts` holds `tokens × (cols / 32)` blocks.
///
/// # Safety
/// The CPU must have the features of `level`; `w` holds the rows, `out` has room.
#[allow(clippy::too_many_arguments)]
pub unsafe fn rows_times_tokens(
    level: Level,
    ty: WeightType,
    w: &[u8],
    row_bytes: usize,
    rows: std::ops::Range<usize>,
    acts: &[BlockQ8],
    tokens: usize,
    out: *mut f32,
    out_stride: usize,
) {
    match level {
        Level::Avx2 => avx2::run(ty, w, row_bytes, rows, acts, tokens, out, out_stride),
        Level::Avx512Vnni => vnni::run(ty, w, row_bytes, rows, acts, tokens, out, out_stride),
    }
}

/// The weight type of a const parameter (const generics cannot take the enum itself).
pub(super) const fn ty_of(id: u8) -> WeightType {
    match id {
        0 => WeightType::Q8_0,
        1 => WeightType::Q5_0,
        2 => WeightType::Q4K,
        3 => WeightType::Q6K,
        4 => WeightType::Q8_0Pairs,
        5 => WeightType::Q4_0,
        6 => WeightType::Q4_1,
        7 => WeightType::Q5_1,
        8 => WeightType::Q5K,
        9 => WeightType::Q3K,
        10 => WeightType::Q2K,
        11 => WeightType::IQ4NL,
        _ => WeightType::IQ4XS,
    }
}

/// `$f::<ID>(args…)` with `ID` the const parameter of weight type `$ty` (as `ty_of` reads it).
macro_rules! by_type {
    ($ty:expr, $f:ident($($arg:expr),* $(,)?)) => {
        match $ty {
            WeightType::Q8_0 => $f::<0>($($arg),*),
            WeightType::Q5_0 => $f::<1>($($arg),*),
            WeightType::Q4K => $f::<2>($($arg),*),
            WeightType::Q6K => $f::<3>($($arg),*),
            WeightType::Q8_0Pairs => $f::<4>($($arg),*),
            WeightType::Q4_0 => $f::<5>($($arg),*),
            WeightType::Q4_1 => $f::<6>($($arg),*),
            WeightType::Q5_1 => $f::<7>($($arg),*),
            WeightType::Q5K => $f::<8>($($arg),*),
            WeightType::Q3K => $f::<9>($($arg),*),
            WeightType::Q2K => $f::<10>($($arg),*),
            WeightType::IQ4NL => $f::<11>($($arg),*),
            WeightType::IQ4XS => $f::<12>($($arg),*),
            WeightType::F32 | WeightType::F16 | WeightType::BF16 => {
                unreachable!("float weights go through kernels::float")
            }
        }
    };
}
pub(super) use by_type;

#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn half(p: *const u8) -> f32 {
    let bits = (p as *const u16).read_unaligned();
    _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(bits as i32)))
}

#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) fn hsum(v: __m256) -> f32 {
    let s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    let s = _mm_add_ss(s, _mm_movehdup_ps(s));
    _mm_cvtss_f32(s)
}

/// How far ahead of the row being multiplied the kernels ask for weight bytes: 2 KiB on an
/// Intel CPU, none on others, or `REDACTEUR_PREFETCH` bytes (0: never), read once. Decoding
/// one token streams every weight once; on an Intel Xeon guest the hardware prefetcher alone
/// left one core at half the memory bandwidth it can read, and asking ahead decoded 1.4–1.6×
/// as fast; on an AMD Zen 4 guest it decoded 0.84× as fast on one thread (BENCHMARKS.md,
/// "Decoding on an Intel Xeon" and "Where the tokens go").
pub(super) fn prefetch_distance() -> usize {
    static BYTES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *BYTES.get_or_init(|| {
        prefetch_or(match is_intel() {
            true => 2048,
            false => 0,
        })
    })
}

/// `REDACTEUR_PREFETCH` bytes when it is set, else `default`.
pub(super) fn prefetch_or(default: usize) -> usize {
    static SET: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| {
        std::env::var("REDACTEUR_PREFETCH")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    set.unwrap_or(default)
}

/// Whether the CPU's vendor is Intel (`GenuineIntel` from CPUID leaf 0).
fn is_intel() -> bool {
    let leaf = __cpuid(0);
    let vendor = [leaf.ebx, leaf.edx, leaf.ecx]
        .map(u32::to_le_bytes)
        .concat();
    vendor == b"GenuineIntel"
}

/// The rows ahead of the current one whose bytes the kernels ask for: at least
/// `prefetch_distance()` bytes ahead (0: none).
pub(super) fn rows_ahead(row_bytes: usize) -> usize {
    prefetch_distance().div_ceil(row_bytes)
}

/// Asks for row `r + ahead` of the rows at `w` (`row_bytes` each) when it lies before `end`.
///
/// # Safety
/// `w` holds at least `end` rows.
#[inline]
pub(super) unsafe fn prefetch_row(
    w: *const u8,
    row_bytes: usize,
    r: usize,
    ahead: usize,
    end: usize,
) {
    if ahead > 0 && r + ahead < end {
        prefetch(w.add((r + ahead) * row_bytes), row_bytes);
    }
}

/// Asks for the `bytes` at `p` to be brought into the first-level cache.
///
/// # Safety
/// None beyond the pointer arithmetic: a prefetch never faults, but `p + bytes` must not
/// wrap, which holds for any range of one allocation.
#[inline]
pub(super) unsafe fn prefetch(p: *const u8, bytes: usize) {
    let mut at = 0;
    while at < bytes {
        // SAFETY: `_mm_prefetch` is SSE, on every x86-64; it reads nothing and never faults.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(at) as *const i8) };
        at += 64;
    }
}

macro_rules! kernels {
    ($name:ident, $features:literal, $decode:ident, $prepare_one:ident, $pair_one:ident, $prepare:ident, $pair:ident, $weigh:ident) => {
        mod $name {
            use super::*;

            #[inline]
            #[target_feature(enable = $features)]
            unsafe fn group<const TY: u8, const T: usize>(
                row: *const u8,
                acts: *const BlockQ8,
                blocks: usize,
                out: *mut f32,
                out_stride: usize,
            ) {
                if T == 1 && matches!(ty_of(TY), WeightType::Q4K | WeightType::Q5K) {
                    *out = k_one::<TY>(row, acts, blocks);
                    return;
                }
                if T == 1
                    && matches!(
                        ty_of(TY),
                        WeightType::Q6K | WeightType::Q3K | WeightType::Q2K
                    )
                {
                    *out = k16_one::<TY>(row, acts, blocks);
                    return;
                }
                let mut acc = [_mm256_setzero_ps(); T];
                let mut offset = [0f32; T];
                let unsigned = ty_of(TY).is_unsigned();
                let (offsets_per_sub, q2k) = (ty_of(TY).has_offset(), ty_of(TY) == WeightType::Q2K);
                if T == 1 {
                    // One token: four independent accumulators, so that consecutive sub-blocks
                    // do not wait on each other's multiply-add.
                    let mut four = [_mm256_setzero_ps(); 4];
                    let mut offsets = [0f32; 4];
                    let mut step = |sub: usize, lane: usize| {
                        let w = $decode::<TY>(row, sub);
                        let a = &*acts.add(sub);
                        let sums = _mm256_cvtepi32_ps($pair_one(
                            $prepare_one(w.values, unsigned),
                            a,
                            unsigned,
                        ));
                        let scale = _mm256_mul_ps(w.scale, _mm256_set1_ps(a.d));
                        four[lane] = _mm256_fmadd_ps(sums, scale, four[lane]);
                        if offsets_per_sub {
                            offsets[lane] += w.offset * a.s;
                        }
                    };
                    let mut sub = 0;
                    while sub + 4 <= blocks {
                        step(sub, 0);
                        step(sub + 1, 1);
                        step(sub + 2, 2);
                        step(sub + 3, 3);
                        sub += 4;
                    }
                    while sub < blocks {
                        step(sub, 0);
                        sub += 1;
                    }
                    acc[0] = _mm256_add_ps(
                        _mm256_add_ps(four[0], four[1]),
                        _mm256_add_ps(four[2], four[3]),
                    );
                    offset[0] = (offsets[0] + offsets[1]) + (offsets[2] + offsets[3]);
                } else {
                    for sub in 0..blocks {
                        let w = $decode::<TY>(row, sub);
                        let prepared = $prepare(w.values, unsigned);
                        // Q2_K's offsets per 16 values, read once for every token.
                        let mins = match q2k {
                            true => q2k_mins_at(row, sub),
                            false => [0.0; 2],
                        };
                        for t in 0..T {
                            let a = &*acts.add(t * blocks + sub);
                            let sums = _mm256_cvtepi32_ps($pair(prepared, a, unsigned));
                            let scale = _mm256_mul_ps(w.scale, _mm256_set1_ps(a.d));
                            acc[t] = _mm256_fmadd_ps(sums, scale, acc[t]);
                            if offsets_per_sub {
                                offset[t] += w.offset * a.s;
                            }
                            if q2k {
                                offset[t] += mins[0] * a.halves[0] + mins[1] * a.halves[1];
                            }
                        }
                    }
                }
                for t in 0..T {
                    *out.add(t * out_stride) = hsum(acc[t]) + offset[t];
                }
            }

            k_one_kernels!($features, $decode, $weigh);

            /// `out[t * out_stride + r - rows.start]` = row `r` · token `t`, for all tokens.
            ///
            /// # Safety
            /// The CPU has this module's features; `w` holds `rows` of `row_bytes`; `acts` holds
            /// `tokens` tokens of the weight's width; `out` has room.
            #[allow(clippy::too_many_arguments)]
            #[target_feature(enable = $features)]
            pub unsafe fn run(
                ty: WeightType,
                w: &[u8],
                row_bytes: usize,
                rows: std::ops::Range<usize>,
                acts: &[BlockQ8],
                tokens: usize,
                out: *mut f32,
                out_stride: usize,
            ) {
                by_type!(
                    ty,
                    run_typed(w, row_bytes, rows, acts, tokens, out, out_stride)
                )
            }

            #[allow(clippy::too_many_arguments)]
            #[target_feature(enable = $features)]
            unsafe fn run_typed<const TY: u8>(
                w: &[u8],
                row_bytes: usize,
                rows: std::ops::Range<usize>,
                acts: &[BlockQ8],
                tokens: usize,
                out: *mut f32,
                out_stride: usize,
            ) {
                let ty = ty_of(TY);
                let blocks = row_bytes / ty.block_bytes() * ty.block_values() / QK;
                debug_assert_eq!(acts.len(), tokens * blocks);
                let ahead = rows_ahead(row_bytes);
                let mut t = 0;
                while t < tokens {
                    let left = tokens - t;
                    let a = acts.as_ptr().add(t * blocks);
                    for (i, r) in rows.clone().enumerate() {
                        let row = w.as_ptr().add(r * row_bytes);
                        prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
                        let o = out.add(t * out_stride + i);
                        if left >= 8 {
                            group::<TY, 8>(row, a, blocks, o, out_stride);
                        } else if left >= 4 {
                            group::<TY, 4>(row, a, blocks, o, out_stride);
                        } else {
                            group::<TY, 1>(row, a, blocks, o, out_stride);
                        }
                    }
                    t += if left >= 8 {
                        8
                    } else if left >= 4 {
                        4
                    } else {
                        1
                    };
                }
            }
        }
    };
}

/// `block` = the 32 `values` times `id`, rounded to the nearest integer (ties to even) and
/// capped at 127, as `blocks::quantize_row` does; `block.s` = the sum of those integers.
///
/// # Safety
/// The CPU has AVX2; `values` holds 32 numbers.
#[target_feature(enable = "avx2,fma,f16c")]
pub unsafe fn quantize_block(values: &[f32], id: f32, block: &mut BlockQ8) {
    debug_assert_eq!(values.len(), QK);
    let scale = _mm256_set1_ps(id);
    let p = values.as_ptr();
    let round = |i: usize| _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(p.add(8 * i)), scale));
    let (a, b, c, d) = (round(0), round(1), round(2), round(3));
    let halves = [
        hsum_i32(_mm256_add_epi32(a, b)),
        hsum_i32(_mm256_add_epi32(c, d)),
    ];
    // Saturating packs keep values in -128..=127 (they never go below -127), lanes back
    // in order afterwards.
    let packed = _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, d));
    let qs = _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    _mm256_storeu_si256(block.qs.as_mut_ptr() as *mut __m256i, qs);
    let offset = _mm256_xor_si256(qs, _mm256_set1_epi8(-128));
    _mm256_storeu_si256(block.offset_qs.as_mut_ptr() as *mut __m256i, offset);
    block.s = (halves[0] + halves[1]) as f32;
    block.halves = halves.map(|h| h as f32);
}

/// The sum of the 8 lanes of `v`.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
fn hsum_i32(v: __m256i) -> i32 {
    let sum = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    let sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 0b01_00_11_10));
    let sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 0b10_11_00_01));
    _mm_cvtsi128_si32(sum)
}

/// The offsets `−dmin × m` of the two 16-value halves of Q2_K sub-block `sub` of `row`, each
/// to be multiplied by its half's activation sum. (One token goes through `k16_one`.)
///
/// # Safety
/// `row` holds sub-block `sub`.
#[inline]
unsafe fn q2k_mins_at(row: *const u8, sub: usize) -> [f32; 2] {
    let b = std::slice::from_raw_parts(row.add(sub / 8 * 84), 84);
    super::blocks::q2k_mins(b, sub % 8)
}

/// AVX2: the magnitudes of the weights (unsigned operand of `maddubs`) and the weights.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
fn prepare_avx2(values: __m256i, unsigned: bool) -> (__m256i, __m256i) {
    match unsigned {
        true => (values, values),
        false => (_mm256_sign_epi8(values, values), values),
    }
}

/// AVX2: 8 lanes of 4 products each, signs moved onto the activations (`maddubs` cannot
/// overflow: |w| ≤ 128, |a| ≤ 127).
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn pair_avx2(w: (__m256i, __m256i), a: &BlockQ8, unsigned: bool) -> __m256i {
    let q = _mm256_loadu_si256(a.qs.as_ptr() as *const __m256i);
    let q = if unsigned {
        q
    } else {
        _mm256_sign_epi8(q, w.1)
    };
    _mm256_madd_epi16(_mm256_maddubs_epi16(w.0, q), _mm256_set1_epi16(1))
}

/// VNNI with the signs moved onto the activations, as AVX2 does.
#[inline]
#[target_feature(enable = "avx2,fma,f16c,avx512vl,avx512vnni")]
unsafe fn pair_signed_vnni(w: (__m256i, __m256i), a: &BlockQ8, unsigned: bool) -> __m256i {
    let q = _mm256_loadu_si256(a.qs.as_ptr() as *const __m256i);
    let q = if unsigned {
        q
    } else {
        _mm256_sign_epi8(q, w.1)
    };
    _mm256_dpbusd_epi32(_mm256_setzero_si256(), w.0, q)
}

/// VNNI: `-128 × Σ w` per lane (the correction for activations offset by 128) and the weights.
#[inline]
#[target_feature(enable = "avx2,fma,f16c,avx512vl,avx512vnni")]
fn prepare_vnni(values: __m256i, _unsigned: bool) -> (__m256i, __m256i) {
    let sums = _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_set1_epi8(-128), values);
    (_mm256_sub_epi32(_mm256_setzero_si256(), sums), values)
}

/// VNNI: `Σ (a + 128) × w − 128 × Σ w`, one instruction per pair and no sign juggling.
#[inline]
#[target_feature(enable = "avx2,fma,f16c,avx512vl,avx512vnni")]
unsafe fn pair_vnni(w: (__m256i, __m256i), a: &BlockQ8, _unsigned: bool) -> __m256i {
    let u = _mm256_loadu_si256(a.offset_qs.as_ptr() as *const __m256i);
    _mm256_dpbusd_epi32(w.0, u, w.1)
}

/// AVX2: `acc` plus the 16-bit `pairs` weighted by `scale`, two by two into 32-bit lanes.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
fn weigh_avx2(acc: __m256i, pairs: __m256i, scale: __m256i) -> __m256i {
    _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, scale))
}

/// VNNI: `weigh_avx2` in one instruction.
#[inline]
#[target_feature(enable = "avx2,fma,f16c,avx512vl,avx512vnni")]
fn weigh_vnni(acc: __m256i, pairs: __m256i, scale: __m256i) -> __m256i {
    _mm256_dpwssd_epi32(acc, pairs, scale)
}

kernels!(
    avx2,
    "avx2,fma,f16c",
    decode,
    prepare_avx2,
    pair_avx2,
    prepare_avx2,
    pair_avx2,
    weigh_avx2
);
kernels!(
    vnni,
    "avx2,fma,f16c,avx512bw,avx512vl,avx512vnni",
    decode_vnni,
    prepare_avx2,
    pair_signed_vnni,
    prepare_vnni,
    pair_vnni,
    weigh_vnni
);
