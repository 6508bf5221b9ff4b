//! One token times rows of the 4-bit 32-value types (Q4_0, Q4_1) on AVX-512 VBMI and VNNI:
//! four blocks to a 512-bit register, their nibbles gathered by one byte permute and their
//! scales by one word permute, against the token's values laid out once per product in the
//! nibbles' order (`OneToken`).
//!
//! The 256-bit path decodes a block at a time: a load, a shift, an insert and a mask for 16
//! bytes, then a float step per block, about a dozen instructions for 18 bytes, which leaves
//! one core short of the memory's speed. Here 4 blocks take two loads, a permute, a shift
//! and two masks, two `dpbusd` and one float step, and the rows ahead are asked for.

use std::arch::x86_64::*;
use std::ops::Range;

use super::blocks::{ActivationFormat, BlockQ8, WeightType, QK};
use super::x86::{prefetch_or, prefetch_row};

/// Blocks per register.
const FOUR: usize = 4;

/// A token's 4 consecutive blocks as `run` reads them. Lane `4k + i` of a `dpbusd` sums
/// values `4i..4i + 4` (from `low`) and `16 + 4i..16 + 4i + 4` (from `high`) of block `k`.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Group {
    /// Values 0..16 of each block, block after block.
    low: [i8; 64],
    /// Values 16..32 of each block.
    high: [i8; 64],
    /// Each block's scale, in its 4 lanes.
    d: [f32; 16],
    /// `−8 ×` the sum of the 8 values each lane multiplies: Q4_0's values are its unsigned
    /// nibbles less 8.
    centre: [i32; 16],
    /// A quarter of each block's `d × Σ qs` in each of its 4 lanes: Q4_1's minimum times it,
    /// summed over the lanes, is the minimum's term.
    quarter_sums: [f32; 16],
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
        cpu && format == ActivationFormat::Q8_0 && cols.is_multiple_of(FOUR * QK)
    }

    /// Lays out one token's `blocks`.
    pub fn build(&mut self, blocks: &[BlockQ8]) {
        self.groups.clear();
        self.groups.extend(blocks.chunks_exact(FOUR).map(|four| {
            let mut g = Group {
                low: [0; 64],
                high: [0; 64],
                d: [0.0; 16],
                centre: [0; 16],
                quarter_sums: [0.0; 16],
            };
            for (k, b) in four.iter().enumerate() {
                g.low[16 * k..16 * (k + 1)].copy_from_slice(&b.qs[..16]);
                g.high[16 * k..16 * (k + 1)].copy_from_slice(&b.qs[16..]);
                for i in 0..4 {
                    let sum = |from: usize| -> i32 {
                        b.qs[from..from + 4].iter().map(|q| *q as i32).sum()
                    };
                    g.centre[4 * k + i] = -8 * (sum(4 * i) + sum(16 + 4 * i));
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
}

/// Whether `run` reads rows of `ty`.
pub fn reads(ty: WeightType) -> bool {
    matches!(ty, WeightType::Q4_0 | WeightType::Q4_1)
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
            WeightType::Q4_0 => typed::<false>(w, row_bytes, rows, acts, out),
            _ => typed::<true>(w, row_bytes, rows, acts, out),
        }
    }
}

/// Q4_0 (`MIN` false: 18-byte blocks, nibbles at 2) or Q4_1 (20-byte blocks, a minimum at 2,
/// nibbles at 4).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi,avx2,fma,f16c")]
unsafe fn typed<const MIN: bool>(
    w: &[u8],
    row_bytes: usize,
    rows: Range<usize>,
    acts: &OneToken,
    out: *mut f32,
) {
    let (block, nibbles_at) = match MIN {
        false => (18, 2),
        true => (20, 4),
    };
    // Four blocks span `4 × block` bytes: the first 64 and the last 64, overlapping.
    let second = FOUR * block - 64;
    let nibble_index: [u8; 64] = std::array::from_fn(|j| {
        let byte = nibbles_at + block * (j / 16) + j % 16;
        match byte < 64 {
            true => byte as u8,
            false => (64 + byte - second) as u8,
        }
    });
    let nibble_index = _mm512_loadu_si512(nibble_index.as_ptr() as *const __m512i);
    // The f16 word at each block's start (its scale) and the next (Q4_1's minimum), to the
    // block's 4 lanes; all lie in the first 64 bytes.
    let word_index = |at: usize| -> __m512i {
        let words: [u16; 32] = std::array::from_fn(|l| ((block * (l % 16 / 4) + at) / 2) as u16);
        _mm512_loadu_si512(words.as_ptr() as *const __m512i)
    };
    let (scale_index, min_index) = (word_index(0), word_index(2));
    let mask = _mm512_set1_epi8(0xF);
    // Asking 4 KiB ahead: without it, one core of an AMD Zen 5 guest read these rows at 17
    // GiB/s, with it at 28-29, as fast as Q8_0's (`benches/kernels.rs`).
    let ahead = prefetch_or(4096).div_ceil(row_bytes);
    for (i, r) in rows.clone().enumerate() {
        prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
        let row = w.as_ptr().add(r * row_bytes);
        let mut f = [_mm512_setzero_ps(); 2];
        for (g, a) in acts.groups.iter().enumerate() {
            let p = row.add(g * FOUR * block);
            let first = _mm512_loadu_si512(p as *const __m512i);
            let last = _mm512_loadu_si512(p.add(second) as *const __m512i);
            let q = _mm512_permutex2var_epi8(first, nibble_index, last);
            let low = _mm512_and_si512(q, mask);
            let high = _mm512_and_si512(_mm512_srli_epi16(q, 4), mask);
            let start = match MIN {
                false => _mm512_load_si512(a.centre.as_ptr() as *const __m512i),
                true => _mm512_setzero_si512(),
            };
            let sums = _mm512_dpbusd_epi32(
                start,
                low,
                _mm512_load_si512(a.low.as_ptr() as *const __m512i),
            );
            let sums = _mm512_dpbusd_epi32(
                sums,
                high,
                _mm512_load_si512(a.high.as_ptr() as *const __m512i),
            );
            let half = |index: __m512i| {
                _mm512_cvtph_ps(_mm512_castsi512_si256(_mm512_permutexvar_epi16(
                    index, first,
                )))
            };
            let scale = _mm512_mul_ps(half(scale_index), _mm512_load_ps(a.d.as_ptr()));
            let acc = &mut f[g % 2];
            *acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), scale, *acc);
            if MIN {
                let sums = _mm512_load_ps(a.quarter_sums.as_ptr());
                *acc = _mm512_fmadd_ps(half(min_index), sums, *acc);
            }
        }
        *out.add(i) = _mm512_reduce_add_ps(_mm512_add_ps(f[0], f[1]));
    }
}
