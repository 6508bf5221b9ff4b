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

/// `Σ a[i] × b[i]` with `b` in f16 (the key/value cache).
pub fn dot_f16(a: &[f32], b: &[u16]) -> f32 {
    // The SIMD paths read and write through pointers up to `a.len()`.
    assert_eq!(a.len(), b.len(), "dot_f16: slice lengths");
    #[cfg(target_arch = "x86_64")]
    if Isa::detected() != Isa::Portable {
        // SAFETY: every non-portable instruction set here includes AVX2, FMA and F16C.
        return unsafe { f16c::dot(a, b) };
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| x * half::f16::from_bits(*y).to_f32())
        .sum()
}

/// `y += alpha × x` with `x` in f16.
pub fn axpy_f16(y: &mut [f32], alpha: f32, x: &[u16]) {
    // The SIMD paths read and write through pointers up to `y.len()`.
    assert_eq!(y.len(), x.len(), "axpy_f16: slice lengths");
    #[cfg(target_arch = "x86_64")]
    if Isa::detected() != Isa::Portable {
        // SAFETY: as above.
        return unsafe { f16c::axpy(y, alpha, x) };
    }
    for (y, x) in y.iter_mut().zip(x) {
        *y += alpha * half::f16::from_bits(*x).to_f32();
    }
}

/// `out[i] = b[i]` widened from f16.
pub fn widen_f16(b: &[u16], out: &mut [f32]) {
    // The SIMD paths read and write through pointers up to `b.len()`.
    assert_eq!(b.len(), out.len(), "widen_f16: slice lengths");
    #[cfg(target_arch = "x86_64")]
    if Isa::detected() != Isa::Portable {
        // SAFETY: as above.
        return unsafe { f16c::widen(b, out) };
    }
    for (o, v) in out.iter_mut().zip(b) {
        *o = half::f16::from_bits(*v).to_f32();
    }
}

/// Rounds `x` to f16 bits.
pub fn to_f16(x: f32) -> u16 {
    half::f16::from_f32(x).to_bits()
}

/// `out[i] = x[i]` rounded to f16 bits (to nearest, ties to even, as `to_f16`).
pub fn narrow_f16(x: &[f32], out: &mut [u16]) {
    // The SIMD paths read and write through pointers up to `x.len()`.
    assert_eq!(x.len(), out.len(), "narrow_f16: slice lengths");
    #[cfg(target_arch = "x86_64")]
    if Isa::detected() != Isa::Portable {
        // SAFETY: as above.
        return unsafe { f16c::narrow(x, out) };
    }
    for (o, v) in out.iter_mut().zip(x) {
        *o = to_f16(*v);
    }
}

#[cfg(target_arch = "x86_64")]
mod f16c {
    use std::arch::x86_64::*;

    // # Safety (all four): the CPU has AVX2, FMA and F16C, and both slices are as long.

    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn narrow(x: &[f32], out: &mut [u16]) {
        let n = x.len() / 8 * 8;
        for i in (0..n).step_by(8) {
            let h = _mm256_cvtps_ph(
                _mm256_loadu_ps(x.as_ptr().add(i)),
                _MM_FROUND_TO_NEAREST_INT,
            );
            _mm_storeu_si128(out.as_mut_ptr().add(i) as *mut __m128i, h);
        }
        for i in n..x.len() {
            out[i] = super::to_f16(x[i]);
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn dot(a: &[f32], b: &[u16]) -> f32 {
        let n = a.len() / 16 * 16;
        let (mut s0, mut s1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
        let mut i = 0;
        while i < n {
            let b0 = _mm256_cvtph_ps(_mm_loadu_si128(b.as_ptr().add(i) as *const __m128i));
            let b1 = _mm256_cvtph_ps(_mm_loadu_si128(b.as_ptr().add(i + 8) as *const __m128i));
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a.as_ptr().add(i)), b0, s0);
            s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a.as_ptr().add(i + 8)), b1, s1);
            i += 16;
        }
        let s = _mm256_add_ps(s0, s1);
        let s = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        let s = _mm_add_ss(s, _mm_movehdup_ps(s));
        let mut total = _mm_cvtss_f32(s);
        for j in n..a.len() {
            total += a[j] * half::f16::from_bits(b[j]).to_f32();
        }
        total
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn widen(b: &[u16], out: &mut [f32]) {
        let n = b.len() / 8 * 8;
        let mut i = 0;
        while i < n {
            let v = _mm256_cvtph_ps(_mm_loadu_si128(b.as_ptr().add(i) as *const __m128i));
            _mm256_storeu_ps(out.as_mut_ptr().add(i), v);
            i += 8;
        }
        for j in n..b.len() {
            out[j] = half::f16::from_bits(b[j]).to_f32();
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn axpy(y: &mut [f32], alpha: f32, x: &[u16]) {
        let n = y.len() / 8 * 8;
        let a = _mm256_set1_ps(alpha);
        let mut i = 0;
        while i < n {
            let xv = _mm256_cvtph_ps(_mm_loadu_si128(x.as_ptr().add(i) as *const __m128i));
            let yp = y.as_mut_ptr().add(i);
            _mm256_storeu_ps(yp, _mm256_fmadd_ps(a, xv, _mm256_loadu_ps(yp)));
            i += 8;
        }
        for j in n..y.len() {
            y[j] += alpha * half::f16::from_bits(x[j]).to_f32();
        }
    }
}

#[cfg(test)]
mod f16_tests {
    use super::*;

    #[test]
    fn f16_helpers_agree_with_widening_first() {
        let a: Vec<f32> = (0..45).map(|i| i as f32 * 0.37 - 7.0).collect();
        let b: Vec<u16> = (0..45).map(|i| to_f16(1.5 - i as f32 * 0.11)).collect();
        let wide: Vec<f32> = b
            .iter()
            .map(|v| half::f16::from_bits(*v).to_f32())
            .collect();
        assert!((dot_f16(&a, &b) - dot(&a, &wide)).abs() < 1e-3);
        let mut widened = vec![0f32; b.len()];
        widen_f16(&b, &mut widened);
        assert_eq!(widened, wide);
        let (mut y1, mut y2) = (a.clone(), a.clone());
        axpy_f16(&mut y1, 0.5, &b);
        axpy(&mut y2, 0.5, &wide);
        for (p, q) in y1.iter().zip(&y2) {
            assert!((p - q).abs() < 1e-5);
        }
    }

    /// The SIMD narrowing rounds as the scalar one does: to nearest, ties to even, with
    /// overflow to infinity, subnormals, signed zeros and NaN, at every length around the
    /// 8-value steps.
    #[test]
    fn narrowing_rounds_as_the_scalar_conversion() {
        let tie = f32::from_bits(0x3F80_1000); // 1 + 2^-11: halfway between two f16 values
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            tie,
            -tie,
            f32::from_bits(0x3F80_3000), // 1 + 3 × 2^-11: the other way to even
            65504.0,
            65520.0, // rounds up to infinity
            1e9,
            -1e9,
            f32::INFINITY,
            f32::NEG_INFINITY,
            5.96e-8, // the smallest f16 subnormal
            2.98e-8, // half of it: a tie to zero
            6.1e-5,  // near the smallest normal
            1e-10,
            0.1,
            -3.3333,
        ];
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 40] {
            let x: Vec<f32> = (0..len)
                .map(|i| {
                    specials[i % specials.len()] * if i >= specials.len() { 0.37 } else { 1.0 }
                })
                .collect();
            let mut out = vec![0u16; len];
            narrow_f16(&x, &mut out);
            let want: Vec<u16> = x.iter().map(|v| to_f16(*v)).collect();
            assert_eq!(out, want, "length {len}");
        }
        let mut out = [0u16; 9];
        narrow_f16(&[f32::NAN; 9], &mut out);
        assert!(out.iter().all(|b| half::f16::from_bits(*b).is_nan()));
    }

    #[test]
    #[should_panic(expected = "slice lengths")]
    fn a_shorter_output_is_refused_not_overrun() {
        narrow_f16(&[1.0; 16], &mut [0u16; 8]);
    }
}
