//! Elapsed time and the time left, as progress lines say them: the time left is the time
//! the work done so far took, scaled to the work still to do.

/// `48 s`, `3 min 05 s`.
pub fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        _ => format!("{} min {:02} s", s / 60, s % 60),
    }
}

/// Seconds still to go when `done` of `total` units took `elapsed` seconds; `None` before
/// any unit is done, since nothing then says how long one takes.
pub fn left(done: usize, total: usize, elapsed: f64) -> Option<f64> {
    (done > 0).then(|| elapsed * total.saturating_sub(done) as f64 / done as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_scales_the_time_taken() {
        assert_eq!(left(0, 10, 30.0), None);
        assert_eq!(left(2, 10, 30.0), Some(120.0));
        assert_eq!(left(12, 10, 30.0), Some(0.0));
        assert_eq!(duration(59.4), "59 s");
        assert_eq!(duration(185.0), "3 min 05 s");
    }
}
