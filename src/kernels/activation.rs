//! The feed-forward block's gated activations, fused with the gate's product with the up
//! projection: GELU as ggml computes it on the CPU (the tanh approximation read from a table
//! indexed by the input rounded to f16) for Gemma, SiLU in f32 (SwiGLU) for Qwen and Llama.

use std::sync::OnceLock;

use half::f16;

/// GELU, tanh approximation, in f32.
fn gelu(x: f32) -> f32 {
    const SQRT_2_OVER_PI: f32 = 0.797_884_6;
    0.5 * x * (1.0 + (SQRT_2_OVER_PI * x * (1.0 + 0.044_715 * x * x)).tanh())
}

/// GELU of every f16 value, rounded to f16 and widened back.
fn table() -> &'static [f32] {
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=u16::MAX)
            .map(|bits| f16::from_f32(gelu(f16::from_bits(bits).to_f32())).to_f32())
            .collect()
    })
}

/// GELU of `x` exactly as ggml's `ggml_vec_gelu_f32` gives it: inputs beyond ±10 pass
/// through (or give 0).
pub fn gelu_like_ggml(x: f32) -> f32 {
    if x <= -10.0 {
        0.0
    } else if x >= 10.0 {
        x
    } else {
        table()[f16::from_f32(x).to_bits() as usize]
    }
}

/// `out[i] = gelu(gate[i]) × up[i]`.
pub fn gelu_times(gate: &[f32], up: &[f32], out: &mut [f32]) {
    let table = table();
    let mut done = 0;
    #[cfg(target_arch = "x86_64")]
    if super::Isa::detected() != super::Isa::Portable {
        // SAFETY: every non-portable instruction set here includes AVX2 and F16C.
        done = unsafe { gelu_times_avx2(gate, up, out, table) };
    }
    for ((o, g), u) in out.iter_mut().zip(gate).zip(up).skip(done) {
        let x = *g;
        let y = if x <= -10.0 {
            0.0
        } else if x >= 10.0 {
            x
        } else {
            table[f16::from_f32(x).to_bits() as usize]
        };
        *o = y * u;
    }
}

/// `gelu_times` 8 values at a time (the table read with a gather); returns how many it did.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn gelu_times_avx2(gate: &[f32], up: &[f32], out: &mut [f32], table: &[f32]) -> usize {
    use std::arch::x86_64::*;
    let n = gate.len().min(up.len()).min(out.len()) / 8 * 8;
    let (low, high) = (_mm256_set1_ps(-10.0), _mm256_set1_ps(10.0));
    for i in (0..n).step_by(8) {
        let x = _mm256_loadu_ps(gate.as_ptr().add(i));
        let bits = _mm256_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT);
        let y = _mm256_i32gather_ps(table.as_ptr(), _mm256_cvtepu16_epi32(bits), 4);
        // Beyond ±10: 0 below, x above (comparisons with NaN are false: the table's NaN).
        let y = _mm256_andnot_ps(_mm256_cmp_ps(x, low, _CMP_LE_OQ), y);
        let y = _mm256_blendv_ps(y, x, _mm256_cmp_ps(x, high, _CMP_GE_OQ));
        let u = _mm256_loadu_ps(up.as_ptr().add(i));
        _mm256_storeu_ps(out.as_mut_ptr().add(i), _mm256_mul_ps(y, u));
    }
    n
}

/// `out[i] = silu(gate[i]) × up[i]`, `silu(x) = x / (1 + e^-x)`, in f32 as ggml's
/// `ggml_vec_swiglu_f32`; 8 at a time with AVX2 (e^x from a polynomial, within 2 ulp).
pub fn silu_times(gate: &[f32], up: &[f32], out: &mut [f32]) {
    let mut done = 0;
    #[cfg(target_arch = "x86_64")]
    if super::Isa::detected() != super::Isa::Portable {
        // SAFETY: every non-portable instruction set here includes AVX2 and FMA.
        done = unsafe { silu_times_avx2(gate, up, out) };
    }
    for ((o, g), u) in out.iter_mut().zip(gate).zip(up).skip(done) {
        *o = g / (1.0 + (-g).exp()) * u;
    }
}

/// `silu_times` 8 values at a time; returns how many it did. e^t is 2^n × p(r) with
/// n = round(t / ln 2), r = t − n ln 2 (ln 2 in two parts) and p Cephes' degree-7 polynomial
/// for `expf`; t is clamped to ±88, where x / (1 + e^t) is already x or 0 in f32.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn silu_times_avx2(gate: &[f32], up: &[f32], out: &mut [f32]) -> usize {
    use std::arch::x86_64::*;
    let n = gate.len().min(up.len()).min(out.len()) / 8 * 8;
    let set = |v: f32| _mm256_set1_ps(v);
    let (one, limit) = (set(1.0), set(88.0));
    const P: [f32; 6] = [
        1.987_569_1e-4,
        1.398_199_9e-3,
        8.333_452e-3,
        4.166_579_6e-2,
        1.666_666_5e-1,
        0.5,
    ];
    for i in (0..n).step_by(8) {
        let x = _mm256_loadu_ps(gate.as_ptr().add(i));
        let t = _mm256_max_ps(
            _mm256_min_ps(_mm256_sub_ps(_mm256_setzero_ps(), x), limit),
            set(-88.0),
        );
        let k = _mm256_round_ps(
            _mm256_mul_ps(t, set(std::f32::consts::LOG2_E)),
            _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC,
        );
        let r = _mm256_fnmadd_ps(k, set(0.693_359_4), t);
        let r = _mm256_fnmadd_ps(k, set(-2.121_944_4e-4), r);
        let mut p = set(P[0]);
        for c in &P[1..] {
            p = _mm256_fmadd_ps(p, r, set(*c));
        }
        let p = _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, _mm256_add_ps(r, one));
        let scale = _mm256_castsi256_ps(_mm256_slli_epi32(
            _mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)),
            23,
        ));
        let e = _mm256_mul_ps(p, scale);
        let silu = _mm256_div_ps(x, _mm256_add_ps(one, e));
        let u = _mm256_loadu_ps(up.as_ptr().add(i));
        _mm256_storeu_ps(out.as_mut_ptr().add(i), _mm256_mul_ps(silu, u));
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gelu_matches_the_formula_to_f16_precision() {
        for x in [-3.0f32, -0.5, 0.0, 0.1, 1.0, 2.5, 9.9] {
            let want = gelu(x);
            let got = gelu_like_ggml(x);
            assert!(
                (got - want).abs() <= 2e-3 * (1.0 + want.abs()),
                "{x}: {got} vs {want}"
            );
        }
        assert_eq!(gelu_like_ggml(-12.0), 0.0);
        assert_eq!(gelu_like_ggml(12.5), 12.5);
    }

    #[test]
    fn the_fused_product_is_the_table_value_times_up_on_every_path() {
        let gate: Vec<f32> = (0..203).map(|i| (i as f32 - 101.0) * 0.137).collect();
        let up: Vec<f32> = (0..203).map(|i| 1.0 + i as f32 * 0.01).collect();
        let mut out = vec![0f32; 203];
        gelu_times(&gate, &up, &mut out);
        for i in 0..203 {
            assert_eq!(
                out[i],
                gelu_like_ggml(gate[i]) * up[i],
                "at {i}: {}",
                gate[i]
            );
        }
    }

    #[test]
    fn silu_agrees_with_the_formula_on_every_path() {
        let gate: Vec<f32> = (0..403).map(|i| (i as f32 - 201.0) * 0.47).collect();
        let up: Vec<f32> = (0..403).map(|i| 1.0 + i as f32 * 0.01).collect();
        let mut out = vec![0f32; 403];
        silu_times(&gate, &up, &mut out);
        for i in 0..403 {
            let want = (gate[i] as f64 / (1.0 + (-gate[i] as f64).exp())) * up[i] as f64;
            let err = (out[i] as f64 - want).abs();
            assert!(
                err <= 1e-6 * want.abs() + 1e-30,
                "at {}: {} vs {want}",
                gate[i],
                out[i]
            );
        }
    }

    #[test]
    fn silu_is_the_logistic_times_its_input() {
        let (gate, up) = ([-20.0f32, -1.0, 0.0, 1.0, 3.0], [2.0f32; 5]);
        let mut out = [0f32; 5];
        silu_times(&gate, &up, &mut out);
        let want = [-8.244_614e-8f32, -0.537_882_8, 0.0, 1.462_117_2, 5.715_445];
        for (o, w) in out.iter().zip(want) {
            assert!((o - w).abs() <= 1e-6 * (1.0 + w.abs()), "{o} vs {w}");
        }
    }
}
