//! One token times rows of the 4- and 5-bit 32-value types (Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL) on
//! AVX-512 VBMI and VNNI: four blocks to a 512-bit register, their nibbles gathered by one
//! byte permute and their scales (and fifth bits) by word permutes, against the token's
//! values laid out once per product in the nibbles' order (`OneToken`).
//!
//! The 256-bit path decodes a block at a time: a load, a shift, an insert and a mask for 16
//! bytes, then a float step per block, about a dozen instructions for 18 bytes, which leaves
//! one core short of the memory's speed. Here 4 blocks take two loads, a permute, a shift
//! and two masks, two `dpbusd` and two float steps (the low values' and the high ones', each
//! lane 4 products as llama.cpp's sums), and the rows ahead are asked for.

use std::arch::x86_64::*;
use std::ops::Range;

use super::blocks::{ActivationFormat, BlockQ8, WeightType, IQ4_VALUES, QK};
use super::x86::{prefetch_or, prefetch_row};

/// Blocks per register.
const FOUR: usize = 4;

/// A token's 4 consecutive blocks as `run` reads them. Lane `4k + i` of a `dpbusd` sums
/// values `4i..4i + 4` of block `k` (from `low`) or `16 + 4i..16 + 4i + 4` (from `high`).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub(super) struct Group {
    /// Values 0..16 of each block, block after block.
    pub(super) low: [i8; 64],
    /// Values 16..32 of each block.
    pub(super) high: [i8; 64],
    /// Each block's scale, in its 4 lanes.
    pub(super) d: [f32; 16],
    /// Less the sum of the 4 values of `low` each lane multiplies: times 8 (Q4_0) or 16
    /// (Q5_0), what the unsigned values decoded add.
    pub(super) negative_low_sums: [i32; 16],
    /// The same for `high`.
    pub(super) negative_high_sums: [i32; 16],
    /// A quarter of each block's `d × Σ qs` in each of its 4 lanes: Q4_1's minimum times it,
    /// summed over the lanes, is the minimum's term.
    pub(super) quarter_sums: [f32; 16],
}

/// One token's activations in `Group`s, when this CPU and the activations' format suit `run`.
#[derive(Default)]
pub struct OneToken {
    groups: Vec<Group>,
}

impl OneToken {
    /// Whether `run` can read the activations of `format` and width `cols` on this CPU.
    pub fn wanted(format: ActivationFormat, cols: usize) -> bool {
        static CPU: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        let cpu = *CPU.get_or_init(|| {
            super::x86::detect() == Some(super::x86::Level::Avx512Vnni)
                && is_x86_feature_detected!("avx512vbmi")
        });
        // `Q8K` too, for IQ4_XS (`one_token_iq4xs`): its blocks share a scale 8 at a time.
        let format = matches!(format, ActivationFormat::Q8_0 | ActivationFormat::Q8K);
        cpu && format && cols.is_multiple_of(FOUR * QK)
    }

    /// Lays out one token's `blocks`.
    pub fn build(&mut self, blocks: &[BlockQ8]) {
        self.groups.clear();
        self.groups.extend(blocks.chunks_exact(FOUR).map(|four| {
            let mut g = Group {
                low: [0; 64],
                high: [0; 64],
                d: [0.0; 16],
                negative_low_sums: [0; 16],
                negative_high_sums: [0; 16],
                quarter_sums: [0.0; 16],
            };
            for (k, b) in four.iter().enumerate() {
                g.low[16 * k..16 * (k + 1)].copy_from_slice(&b.qs[..16]);
                g.high[16 * k..16 * (k + 1)].copy_from_slice(&b.qs[16..]);
                for i in 0..4 {
                    let sum = |from: usize| -> i32 {
                        b.qs[from..from + 4].iter().map(|q| *q as i32).sum()
                    };
                    g.negative_low_sums[4 * k + i] = -sum(4 * i);
                    g.negative_high_sums[4 * k + i] = -sum(16 + 4 * i);
                    g.d[4 * k + i] = b.d;
                    g.quarter_sums[4 * k + i] = b.s / 4.0;
                }
            }
            g
        }));
    }

    pub fn clear(&mut self) {
        self.groups.clear();
    }

    /// Whether a token was laid out.
    pub fn ready(&self) -> bool {
        !self.groups.is_empty()
    }

    /// The token's blocks, four to a group.
    pub(super) fn groups(&self) -> &[Group] {
        &self.groups
    }
}

/// Whether `run` reads rows of `ty`.
pub fn reads(ty: WeightType) -> bool {
    layout(ty).is_some()
}

/// Where a 32-value type keeps its parts, in bytes from a block's start.
#[derive(Clone, Copy)]
struct Layout {
    block: usize,
    nibbles: usize,
    /// The fifth bits (Q5_0, Q5_1): 32 of them, bit `i` for value `i`.
    fifth: Option<usize>,
    /// The minimum added to every value (Q4_1, Q5_1), an f16 after the scale.
    min: bool,
    /// How far the unsigned values lie above the signed ones, as a power of two: 8 for
    /// Q4_0, 16 for Q5_0, 128 for IQ4_NL.
    centre_log2: Option<u32>,
    /// Whether the nibbles index `IQ4_VALUES` (IQ4_NL): they are looked up, 128 above.
    table: bool,
}

const fn layout(ty: WeightType) -> Option<Layout> {
    let (block, nibbles, fifth, min, centre_log2) = match ty {
        WeightType::Q4_0 => (18, 2, None, false, Some(3)),
        WeightType::Q4_1 => (20, 4, None, true, None),
        WeightType::Q5_0 => (22, 6, Some(2), false, Some(4)),
        WeightType::Q5_1 => (24, 8, Some(4), true, None),
        WeightType::IQ4NL => (18, 2, None, false, Some(7)),
        _ => return None,
    };
    Some(Layout {
        block,
        nibbles,
        fifth,
        min,
        centre_log2,
        table: matches!(ty, WeightType::IQ4NL),
    })
}

/// The IQ4 types' values 128 above, as unsigned bytes (for `dpbusd`), in each 128-bit lane:
/// a byte shuffle by the indices looks them up.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2")]
pub(super) fn iq4_unsigned_table() -> __m512i {
    // SAFETY: 16 readable bytes.
    let values = unsafe { _mm_loadu_si128(IQ4_VALUES.as_ptr() as *const __m128i) };
    _mm512_broadcast_i32x4(_mm_xor_si128(values, _mm_set1_epi8(-128)))
}

/// The weight type of a const parameter.
const fn type_of(id: u8) -> WeightType {
    match id {
        0 => WeightType::Q4_0,
        1 => WeightType::Q4_1,
        2 => WeightType::Q5_0,
        3 => WeightType::Q5_1,
        _ => WeightType::IQ4NL,
    }
}

/// `out[r - rows.start]` = row `r` of `w` · the token of `acts`.
///
/// # Safety
/// The CPU has AVX-512 F, BW, VL, VNNI and VBMI (`OneToken::wanted`); `ty` is one that
/// `reads`; `w` holds `rows` of `row_bytes`, of the width `acts` was built for; `out` has
/// room for `rows.len()` values.
pub unsafe fn run(
    ty: WeightType,
    w: &[u8],
    row_bytes: usize,
    rows: Range<usize>,
    acts: &OneToken,
    out: *mut f32,
) {
    // SAFETY: the caller's contract.
    unsafe {
        match ty {
            WeightType::Q4_0 => typed::<0>(w, row_bytes, rows, acts, out),
            WeightType::Q4_1 => typed::<1>(w, row_bytes, rows, acts, out),
            WeightType::Q5_0 => typed::<2>(w, row_bytes, rows, acts, out),
            WeightType::Q5_1 => typed::<3>(w, row_bytes, rows, acts, out),
            _ => typed::<4>(w, row_bytes, rows, acts, out),
        }
    }
}

/// Rows of the type `type_of(TY)` times the token.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi,avx2,fma,f16c")]
unsafe fn typed<const TY: u8>(
    w: &[u8],
    row_bytes: usize,
    rows: Range<usize>,
    acts: &OneToken,
    out: *mut f32,
) {
    let Some(l) = layout(type_of(TY)) else {
        unreachable!("only the types `reads` names come here")
    };
    // Four blocks span `4 × block` bytes: the first 64 and the last 64, overlapping. Byte `b`
    // of the four lies in the first below 64, else at `b - second` of the last: index
    // `64 + b - second` of a two-register permute.
    let second = FOUR * l.block - 64;
    let at = |b: usize| match b < 64 {
        true => b,
        false => 64 + b - second,
    };
    let bytes: [u8; 64] =
        std::array::from_fn(|j| at(l.nibbles + l.block * (j / 16) + j % 16) as u8);
    let nibble_index = _mm512_loadu_si512(bytes.as_ptr() as *const __m512i);
    // The f16 word at `offset` of each block to the block's 4 lanes.
    let word_index = |offset: usize| -> __m512i {
        let words: [u16; 32] =
            std::array::from_fn(|lane| (at(l.block * (lane % 16 / 4) + offset) / 2) as u16);
        _mm512_loadu_si512(words.as_ptr() as *const __m512i)
    };
    let (scale_index, min_index) = (word_index(0), word_index(2));
    // The fifth bits' low halves (values 0..16) of the 4 blocks in words 0..4, their high
    // halves in words 4..8: each 64 bits a mask over the nibbles' bytes.
    let fifth_index = {
        let words: [u16; 32] = std::array::from_fn(|i| match (l.fifth, i < 8) {
            (Some(f), true) => (at(f + l.block * (i % 4) + 2 * (i / 4)) / 2) as u16,
            _ => 0,
        });
        _mm512_loadu_si512(words.as_ptr() as *const __m512i)
    };
    let ix = Indices {
        nibble: nibble_index,
        scale: scale_index,
        min: min_index,
        fifth: fifth_index,
        second,
    };
    // Asking 4 KiB ahead: without it, one core of an AMD Zen 5 guest read Q4_0 rows at 17
    // GiB/s, with it at 28-29, as fast as Q8_0's (`benches/kernels.rs`).
    let ahead = prefetch_or(4096).div_ceil(row_bytes);
    let base = w.as_ptr();
    let mut r = rows.start;
    // Two rows at a time share the token's loads, where the type has no fifth bits (with
    // them, two rows at a time read Q5_0 at 23 GiB/s against 32 one at a time); a last odd
    // row goes alone.
    while l.fifth.is_none() && r + 2 <= rows.end {
        prefetch_row(base, row_bytes, r, ahead, rows.end);
        prefetch_row(base, row_bytes, r + 1, ahead, rows.end);
        let at = [base.add(r * row_bytes), base.add((r + 1) * row_bytes)];
        let two = rows_dot::<TY, 2>(&ix, at, acts);
        *out.add(r - rows.start) = two[0];
        *out.add(r + 1 - rows.start) = two[1];
        r += 2;
    }
    while r < rows.end {
        prefetch_row(base, row_bytes, r, ahead, rows.end);
        let [one] = rows_dot::<TY, 1>(&ix, [base.add(r * row_bytes)], acts);
        *out.add(r - rows.start) = one;
        r += 1;
    }
}

/// The permutes' indices `typed` builds for its type, and where the second load of four
/// blocks starts.
struct Indices {
    nibble: __m512i,
    scale: __m512i,
    min: __m512i,
    fifth: __m512i,
    second: usize,
}

/// The `R` rows at `at` times the token, each row's sums in four chains of multiply-adds:
/// the even groups' low values and high ones, and the odd groups'. The token's registers are
/// loaded once for all `R` rows.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi,avx2,fma,f16c")]
unsafe fn rows_dot<const TY: u8, const R: usize>(
    ix: &Indices,
    at: [*const u8; R],
    acts: &OneToken,
) -> [f32; R] {
    let Some(l) = layout(type_of(TY)) else {
        unreachable!("only the types `reads` names come here")
    };
    let mask = _mm512_set1_epi8(0xF);
    let sixteen = _mm512_set1_epi8(16);
    let table = iq4_unsigned_table();
    let mut f = [[[_mm512_setzero_ps(); 2]; 2]; R];
    let step = |g: usize, a: &Group, parity: usize, f: &mut [[[__m512; 2]; 2]; R]| {
        // Less what the unsigned values add, from the start.
        let start = |sums: &[i32; 16]| match l.centre_log2 {
            Some(shift) => _mm512_sllv_epi32(
                _mm512_load_si512(sums.as_ptr() as *const __m512i),
                _mm512_set1_epi32(shift as i32),
            ),
            None => _mm512_setzero_si512(),
        };
        let starts = [start(&a.negative_low_sums), start(&a.negative_high_sums)];
        let token = [
            _mm512_load_si512(a.low.as_ptr() as *const __m512i),
            _mm512_load_si512(a.high.as_ptr() as *const __m512i),
        ];
        let d = _mm512_load_ps(a.d.as_ptr());
        for (row, acc) in at.iter().zip(f.iter_mut()) {
            let acc = &mut acc[parity];
            let p = row.add(g * FOUR * l.block);
            let first = _mm512_loadu_si512(p as *const __m512i);
            let last = _mm512_loadu_si512(p.add(ix.second) as *const __m512i);
            let q = _mm512_permutex2var_epi8(first, ix.nibble, last);
            let mut low = _mm512_and_si512(q, mask);
            let mut high = _mm512_and_si512(_mm512_srli_epi16(q, 4), mask);
            if l.fifth.is_some() {
                let bits = _mm512_castsi512_si128(_mm512_permutex2var_epi16(first, ix.fifth, last));
                let (lo, hi) = (_mm_cvtsi128_si64(bits), _mm_extract_epi64(bits, 1));
                low = _mm512_mask_add_epi8(low, lo as u64, low, sixteen);
                high = _mm512_mask_add_epi8(high, hi as u64, high, sixteen);
            }
            if l.table {
                low = _mm512_shuffle_epi8(table, low);
                high = _mm512_shuffle_epi8(table, high);
            }
            // The low and the high values summed apart, 4 products to a lane, each lane
            // scaled by itself, as llama.cpp's 256-bit products sum them.
            let low = _mm512_dpbusd_epi32(starts[0], low, token[0]);
            let high = _mm512_dpbusd_epi32(starts[1], high, token[1]);
            let half = |index: __m512i| {
                _mm512_cvtph_ps(_mm512_castsi512_si256(_mm512_permutex2var_epi16(
                    first, index, last,
                )))
            };
            let scale = _mm512_mul_ps(half(ix.scale), d);
            acc[0] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(low), scale, acc[0]);
            acc[1] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(high), scale, acc[1]);
            if l.min {
                let sums = _mm512_load_ps(a.quarter_sums.as_ptr());
                acc[0] = _mm512_fmadd_ps(half(ix.min), sums, acc[0]);
            }
        }
    };
    let mut pairs = acts.groups.chunks_exact(2);
    for (n, two) in pairs.by_ref().enumerate() {
        step(2 * n, &two[0], 0, &mut f);
        step(2 * n + 1, &two[1], 1, &mut f);
    }
    if let [last] = pairs.remainder() {
        step(acts.groups.len() - 1, last, 0, &mut f);
    }
    f.map(|[[a, b], [c, d]]| {
        _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a, b), _mm512_add_ps(c, d)))
    })
}
