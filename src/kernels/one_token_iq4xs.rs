//! One token times IQ4_XS rows on AVX-512 BW and VNNI. A superblock's 128 bytes of indices
//! are two 64-byte loads of four sub-blocks each: their low nibbles are the four sub-blocks'
//! first 16 values and their high nibbles the last 16, the order of `OneToken`'s groups. The
//! values are looked up 128 above as unsigned bytes, summed against the token by `dpbusd`
//! from −128 × the token's sums, and each lane's sum is weighed by its sub-block's integer
//! scale before the superblock's one float step (llama.cpp's order: integer sums times the
//! 6-bit scales, then `d × d_token`).

use std::arch::x86_64::*;
use std::ops::Range;

use super::blocks::WeightType;
use super::one_token::{iq4_unsigned_table, OneToken};
use super::x86::{half, prefetch_or, prefetch_row};

/// Bytes per superblock: f16 `d`, the scales' high bits (u16) and low bits (4 bytes), 128
/// bytes of indices.
const SIZE: usize = 136;

/// Whether `run` reads rows of `ty`.
pub fn reads(ty: WeightType) -> bool {
    ty == WeightType::IQ4XS
}

/// `out[r - rows.start]` = row `r` of `w` · the token of `acts`.
///
/// # Safety
/// The CPU has AVX-512 F, BW, VL and VNNI; `w` holds `rows` of `row_bytes` IQ4_XS bytes, of
/// the width `acts` was built for (from `Q8K` activations); `out` has room for `rows.len()`
/// values.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
pub unsafe fn run(w: &[u8], row_bytes: usize, rows: Range<usize>, acts: &OneToken, out: *mut f32) {
    let table = iq4_unsigned_table();
    let mask = _mm512_set1_epi8(0xF);
    // Lane `i` of register `h` sums values of sub-block `j = 4h + i / 4`, whose scale has its
    // low 4 bits at bit `4j` of the 4 bytes of low bits, its high 2 at bit `2j` of the u16.
    let shifts = |h: usize, bits: i32| {
        let lanes: [i32; 16] = std::array::from_fn(|i| bits * (4 * h + i / 4) as i32);
        _mm512_loadu_si512(lanes.as_ptr() as *const __m512i)
    };
    let low_shift = [shifts(0, 4), shifts(1, 4)];
    let high_shift = [shifts(0, 2), shifts(1, 2)];
    let groups = acts.groups();
    let ahead = prefetch_or(4096).div_ceil(row_bytes);
    for (i, r) in rows.clone().enumerate() {
        prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
        let row = w.as_ptr().add(r * row_bytes);
        let mut total = _mm512_setzero_ps();
        for (n, two) in groups.chunks_exact(2).enumerate() {
            let b = row.add(n * SIZE);
            let low_bits = _mm512_set1_epi32((b.add(4) as *const i32).read_unaligned());
            let high_bits = _mm512_set1_epi32((b.add(2) as *const u16).read_unaligned() as i32);
            let mut sum = _mm512_setzero_si512();
            for (h, g) in two.iter().enumerate() {
                let q = _mm512_loadu_si512(b.add(8 + 64 * h) as *const __m512i);
                let low = _mm512_shuffle_epi8(table, _mm512_and_si512(q, mask));
                let high =
                    _mm512_shuffle_epi8(table, _mm512_and_si512(_mm512_srli_epi16(q, 4), mask));
                let start = _mm512_slli_epi32::<7>(_mm512_add_epi32(
                    _mm512_load_si512(g.negative_low_sums.as_ptr() as *const __m512i),
                    _mm512_load_si512(g.negative_high_sums.as_ptr() as *const __m512i),
                ));
                let token_low = _mm512_load_si512(g.low.as_ptr() as *const __m512i);
                let token_high = _mm512_load_si512(g.high.as_ptr() as *const __m512i);
                let dots = _mm512_dpbusd_epi32(start, low, token_low);
                let dots = _mm512_dpbusd_epi32(dots, high, token_high);
                let scale = _mm512_or_si512(
                    _mm512_and_si512(
                        _mm512_srlv_epi32(low_bits, low_shift[h]),
                        _mm512_set1_epi32(0xF),
                    ),
                    _mm512_slli_epi32::<4>(_mm512_and_si512(
                        _mm512_srlv_epi32(high_bits, high_shift[h]),
                        _mm512_set1_epi32(3),
                    )),
                );
                let scale = _mm512_sub_epi32(scale, _mm512_set1_epi32(32));
                sum = _mm512_add_epi32(sum, _mm512_mullo_epi32(dots, scale));
            }
            // The token's 8 blocks share their scale (`Q8K`).
            let d = _mm512_set1_ps(half(b) * two[0].d[0]);
            total = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), d, total);
        }
        *out.add(i) = _mm512_reduce_add_ps(total);
    }
}
