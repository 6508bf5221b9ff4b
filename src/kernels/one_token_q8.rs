//! One token times Q8_0 rows on AVX-512 BW and VNNI: two blocks to a 512-bit register, each
//! block's 32 values a 256-bit half, with the same integer lanes and the same chains of float
//! steps as the 256-bit product (`x86`'s one-token group), and so the same bits.
//!
//! The 256-bit product takes a block at a time through four chains of multiply-adds (block
//! `k` on chain `k % 4`); here one register's halves are chains 0 and 1, another's 2 and 3,
//! so that every lane takes the same steps in the same order. The signs move from the
//! weights onto the token (`abs` of the weights, the token negated under the weights' sign
//! mask), as the 256-bit product moves them with `sign`.

use std::arch::x86_64::*;
use std::ops::Range;

use super::blocks::{BlockQ8, WeightType};
use super::x86::{half, hsum, prefetch_or, prefetch_row};

/// Bytes of a Q8_0 block: its f16 scale, then 32 values.
const BLOCK: usize = 34;

/// Whether `run` reads rows of `ty`.
pub fn reads(ty: WeightType) -> bool {
    ty == WeightType::Q8_0
}

/// `out[r - rows.start]` = row `r` of `w` · the token whose blocks are `acts`.
///
/// # Safety
/// The CPU has AVX-512 F, BW, VL and VNNI; `w` holds `rows` of `row_bytes` Q8_0 bytes, of
/// `acts.len()` blocks each; `out` has room for `rows.len()` values.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")]
pub unsafe fn run(w: &[u8], row_bytes: usize, rows: Range<usize>, acts: &[BlockQ8], out: *mut f32) {
    let blocks = row_bytes / BLOCK;
    debug_assert_eq!(acts.len(), blocks);
    let ahead = prefetch_or(4096).div_ceil(row_bytes);
    let two = |lo: __m256i, hi: __m256i| _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
    let load = |p: *const i8| _mm256_loadu_si256(p as *const __m256i);
    for (i, r) in rows.clone().enumerate() {
        prefetch_row(w.as_ptr(), row_bytes, r, ahead, rows.end);
        let row = w.as_ptr().add(r * row_bytes);
        // Chains 0 and 1 in the halves of the first, 2 and 3 in those of the second.
        let mut acc = [_mm512_setzero_ps(); 2];
        let mut sub = 0;
        while sub + 4 <= blocks {
            for (h, acc) in acc.iter_mut().enumerate() {
                let k = sub + 2 * h;
                let (b0, b1) = (row.add(k * BLOCK), row.add((k + 1) * BLOCK));
                let (a0, a1) = (&acts[k], &acts[k + 1]);
                let values = two(load(b0.add(2) as *const i8), load(b1.add(2) as *const i8));
                let token = two(load(a0.qs.as_ptr()), load(a1.qs.as_ptr()));
                let negative = _mm512_movepi8_mask(values);
                let token = _mm512_mask_sub_epi8(token, negative, _mm512_setzero_si512(), token);
                let sums =
                    _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(values), token);
                let scale = _mm512_mask_blend_ps(
                    0xFF00,
                    _mm512_set1_ps(half(b0) * a0.d),
                    _mm512_set1_ps(half(b1) * a1.d),
                );
                *acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), scale, *acc);
            }
            sub += 4;
        }
        let halves = |v: __m512| {
            let bits = _mm512_castps_si512(v);
            [
                _mm256_castsi256_ps(_mm512_castsi512_si256(bits)),
                _mm256_castsi256_ps(_mm512_extracti64x4_epi64(bits, 1)),
            ]
        };
        let ([c0, c1], [c2, c3]) = (halves(acc[0]), halves(acc[1]));
        let mut chain0 = c0;
        // The last blocks one at a time on chain 0, as the 256-bit product takes them.
        while sub < blocks {
            let b = row.add(sub * BLOCK);
            let a = &acts[sub];
            let values = load(b.add(2) as *const i8);
            let token = _mm256_sign_epi8(load(a.qs.as_ptr()), values);
            let sums = _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_abs_epi8(values), token);
            let scale = _mm256_set1_ps(half(b) * a.d);
            chain0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums), scale, chain0);
            sub += 1;
        }
        let total = _mm256_add_ps(_mm256_add_ps(chain0, c1), _mm256_add_ps(c2, c3));
        // The 256-bit product adds its offsets, zero for Q8_0, after the sum: so here.
        *out.add(i) = hsum(total) + 0.0;
    }
}
