//! GELU as ggml computes it on the CPU (the tanh approximation read from a table indexed by the
//! input rounded to f16), fused with the gate's product with the up projection.

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
    for ((o, g), u) in out.iter_mut().zip(gate).zip(up) {
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
}
