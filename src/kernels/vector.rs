//! f32 vector helpers of the native forward pass (dot products, scaled sums, RMS norm), built
//! for AVX2 + FMA when the CPU has them, chosen at run time, with a portable fallback.

use super::Isa;

macro_rules! dispatch {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)? = $generic:ident;) => {
        $(#[$doc])*
        pub fn $name($($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            if Isa::detected() != Isa::Portable {
                #[target_feature(enable = "avx2,fma")]
                unsafe fn fast($($arg: $ty),*) $(-> $ret)? {
                    $generic::<true>($($arg),*)
                }
                // SAFETY: every non-portable instruction set here includes AVX2 and FMA.
                return unsafe { fast($($arg),*) };
            }
            $generic::<false>($($arg),*)
        }
    };
}

const LANES: usize = 16;

#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

#[inline(always)]
fn dot_generic<const FMA: bool>(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len());
    let mut acc = [0f32; LANES];
    let (ac, bc) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ar, br) = (ac.remainder(), bc.remainder());
    for (x, y) in ac.zip(bc) {
        for i in 0..LANES {
            acc[i] = madd::<FMA>(x[i], y[i], acc[i]);
        }
    }
    let mut sum = 0f32;
    for (x, y) in ar.iter().zip(br) {
        sum = madd::<FMA>(*x, *y, sum);
    }
    acc.iter().sum::<f32>() + sum
}

#[inline(always)]
fn axpy_generic<const FMA: bool>(y: &mut [f32], alpha: f32, x: &[f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y = madd::<FMA>(alpha, *x, *y);
    }
}

#[inline(always)]
fn rms_norm_generic<const FMA: bool>(x: &mut [f32], weight: &[f32], eps: f32) {
    let sum = dot_generic::<FMA>(x, x);
    let scale = 1.0 / (sum / x.len() as f32 + eps).sqrt();
    for (v, w) in x.iter_mut().zip(weight) {
        *v = *v * scale * w;
    }
}

#[inline(always)]
fn add_rms_norm_generic<const FMA: bool>(
    residual: &mut [f32],
    x: &mut [f32],
    weight: &[f32],
    eps: f32,
) {
    rms_norm_generic::<FMA>(x, weight, eps);
    for (r, v) in residual.iter_mut().zip(x.iter()) {
        *r += v;
    }
}

dispatch! {
    /// `Σ a[i] × b[i]`.
    fn dot(a: &[f32], b: &[f32]) -> f32 = dot_generic;
}

dispatch! {
    /// `y += alpha × x`.
    fn axpy(y: &mut [f32], alpha: f32, x: &[f32]) = axpy_generic;
}

dispatch! {
    /// `x = x / rms(x) × weight`, in place.
    fn rms_norm(x: &mut [f32], weight: &[f32], eps: f32) = rms_norm_generic;
}

dispatch! {
    /// `residual += rms_norm(x) × weight` (x is normalised in place).
    fn add_rms_norm(residual: &mut [f32], x: &mut [f32], weight: &[f32], eps: f32) = add_rms_norm_generic;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_and_norm_agree_with_plain_arithmetic() {
        let a: Vec<f32> = (0..37).map(|i| i as f32 * 0.5 - 3.0).collect();
        let b: Vec<f32> = (0..37).map(|i| 1.0 - i as f32 * 0.25).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-3);
        let mut y = b.clone();
        axpy(&mut y, 2.0, &a);
        assert_eq!(y[5], b[5] + 2.0 * a[5]);
        let mut x = vec![3.0f32, 4.0];
        rms_norm(&mut x, &[1.0, 2.0], 0.0);
        let rms = (12.5f32).sqrt();
        assert!((x[0] - 3.0 / rms).abs() < 1e-6 && (x[1] - 8.0 / rms).abs() < 1e-6);
    }
}
