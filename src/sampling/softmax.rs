//! The log-probability of a token under the softmax of the logits, widened to the CPU's
//! vectors: the model's own likelihood of what it writes, read once per token drawn.

/// `log p(id)` under the softmax of `values`. Both passes run 16 values at a time without
/// a branch, which the compiler widens to the widest vectors the CPU has (AVX-512, AVX2, or
/// SSE2 on any x86-64).
pub fn log_probability(values: &[f32], id: u32) -> f32 {
    let Some(&value) = values.get(id as usize) else {
        return f32::NEG_INFINITY;
    };
    let (max, sum) = max_and_sum_exp(values);
    match max.is_finite() {
        true => value - max - sum.ln(),
        false => f32::NEG_INFINITY,
    }
}

/// The largest of `values` and the sum of `e^(v - largest)`.
fn max_and_sum_exp(values: &[f32]) -> (f32, f32) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has the instructions the function is compiled for.
            return unsafe { max_and_sum_exp_avx512(values) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: as above.
            return unsafe { max_and_sum_exp_avx2(values) };
        }
    }
    max_and_sum_exp_portable(values)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn max_and_sum_exp_avx512(values: &[f32]) -> (f32, f32) {
    max_and_sum_exp_portable(values)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn max_and_sum_exp_avx2(values: &[f32]) -> (f32, f32) {
    max_and_sum_exp_portable(values)
}

#[inline(always)]
fn max_and_sum_exp_portable(values: &[f32]) -> (f32, f32) {
    const LANES: usize = 16;
    let mut lanes = [f32::NEG_INFINITY; LANES];
    let chunks = values.chunks_exact(LANES);
    let rest = chunks
        .remainder()
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, f32::max);
    for chunk in chunks {
        for (lane, &v) in lanes.iter_mut().zip(chunk) {
            *lane = if v > *lane { v } else { *lane };
        }
    }
    let max = lanes.iter().copied().fold(rest, f32::max);
    if !max.is_finite() {
        return (max, 0.0);
    }
    let mut sums = [0f32; LANES];
    let chunks = values.chunks_exact(LANES);
    let rest: f32 = chunks.remainder().iter().map(|&v| exp_below(v - max)).sum();
    for chunk in chunks {
        for (sum, &v) in sums.iter_mut().zip(chunk) {
            *sum += exp_below(v - max);
        }
    }
    (max, sums.iter().sum::<f32>() + rest)
}

/// `e^x` for `x <= 0` to about 1e-5 relative (3e-6 at -86), without a branch or a call: `x log2 e` split
/// into an integer (the exponent's bits) and a part in [-1/2, 1/2] (a degree-6 polynomial of
/// 2^f). Below -87 (and for NaN) it gives `e^-87`, which adds nothing to a sum holding 1.
#[inline(always)]
fn exp_below(x: f32) -> f32 {
    // Rounds to the nearest integer for |t| < 2^22.
    const ROUND: f32 = 12_582_912.0;
    let x = if x > -87.0 { x } else { -87.0 };
    let t = x * std::f32::consts::LOG2_E;
    let rounded = t + ROUND;
    let n = rounded - ROUND;
    let f = (t - n) * std::f32::consts::LN_2;
    let p = 1.0
        + f * (1.0
            + f * (0.5
                + f * (1.0 / 6.0 + f * (1.0 / 24.0 + f * (1.0 / 120.0 + f * (1.0 / 720.0))))));
    // `rounded`'s low mantissa bits hold n: 2^n's bits by integer steps alone (a float's
    // conversion to an integer saturates, which keeps the loop from being widened).
    let exponent = rounded
        .to_bits()
        .wrapping_sub(ROUND.to_bits())
        .wrapping_add(127);
    f32::from_bits(exponent << 23) * p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_probability_is_the_softmax_s() {
        let values: Vec<f32> = (0..1000).map(|i| ((i * 37) % 101) as f32 / 7.0).collect();
        let max = values.iter().copied().fold(f32::MIN, f32::max);
        let sum: f64 = values.iter().map(|&v| f64::from(v - max).exp()).sum();
        for id in [0u32, 5, 100, 999] {
            let exact = f64::from(values[id as usize] - max) - sum.ln();
            assert!((f64::from(log_probability(&values, id)) - exact).abs() < 1e-5);
        }
        for x in [0.0f32, -0.3, -1.0, -7.5, -20.0, -86.0] {
            let relative = (exp_below(x) as f64 / (x as f64).exp() - 1.0).abs();
            assert!(relative < 1e-5, "e^{x}: {relative}");
        }
        // Far below the largest, a value still has its probability.
        let mut peaked = vec![0f32; 40];
        peaked[3] = 100.0;
        assert!((log_probability(&peaked, 3)).abs() < 1e-6);
        assert!((log_probability(&peaked, 0) + 100.0).abs() < 1e-3);
        assert_eq!(log_probability(&peaked, 40), f32::NEG_INFINITY);
    }
}
