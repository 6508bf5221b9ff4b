//! The subcommands: each takes its parsed arguments, runs the library, and reports on stderr.
//! Helpers they share live here.

mod bench;
mod check;
mod models;
mod perplexity;
mod progress;
mod serve;
mod trace;
mod write;

use std::io::Write;

use anyhow::{bail, Context, Result};

pub use bench::bench;
pub use check::check;
pub use models::models;
pub use perplexity::perplexity;
pub use serve::serve;
pub use write::write;

use crate::engine::GenerationStats;

/// Progress messages of the library, as the subcommands show them: a line on stderr.
pub fn to_stderr(message: &str) {
    eprintln!("{message}");
}

/// The statistics line printed after a generation.
pub fn stats_line(stats: &GenerationStats, wall_seconds: f64) -> String {
    let peak = crate::memory::peak_rss_bytes()
        .map(|b| format!("{:.0} MiB", b as f64 / (1024.0 * 1024.0)))
        .unwrap_or_else(|| "unknown".to_string());
    format!(
        "stats: prompt tokens {} ({} prefilled), generated tokens {}, prefill {:.1} tok/s, decode {:.1} tok/s, wall {:.1} s, peak memory {peak}",
        stats.prompt_tokens,
        stats.prefilled_tokens,
        stats.generated_tokens,
        stats.prefill_tokens_per_second(),
        stats.decode_tokens_per_second(),
        wall_seconds
    )
}

/// Where a `write`'s wall time went: the model's prefill and forward passes, choosing
/// tokens, the writer's gate (judging text as it comes), the article's checks, and the rest
/// (loading the model, tokenizing, the writer's own work between generations).
pub fn time_line(
    stats: &GenerationStats,
    checks: std::time::Duration,
    wall_seconds: f64,
) -> String {
    let forward = stats
        .decode_time
        .saturating_sub(stats.sample_time + stats.callback_time);
    let parts = [
        ("prefill", stats.prefill_time),
        ("forward", forward),
        ("sampling", stats.sample_time),
        ("gate", stats.callback_time),
        ("checks", checks),
    ];
    let counted: f64 = parts.iter().map(|(_, d)| d.as_secs_f64()).sum();
    let share = |s: f64| 100.0 * s / wall_seconds.max(1e-9);
    let mut line = String::from("time:");
    for (name, d) in parts {
        let s = d.as_secs_f64();
        line.push_str(&format!(" {name} {s:.1} s ({:.0} %),", share(s)));
    }
    let other = (wall_seconds - counted).max(0.0);
    line.push_str(&format!(" other {other:.1} s ({:.0} %)", share(other)));
    line
}

/// Fails early, before any generation, when the output's folder does not exist or the
/// output exists and may not be replaced.
fn check_writable(path: &std::path::Path, force: bool) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !dir.is_dir() {
        bail!(
            "cannot write `{}`: folder `{}` does not exist",
            path.display(),
            dir.display()
        );
    }
    if path.is_dir() {
        bail!("cannot write `{}`: it is a folder", path.display());
    }
    if path.exists() && !force {
        bail!(
            "`{}` already exists; it was left as it is (--force replaces it)",
            path.display()
        );
    }
    Ok(())
}

/// Writes `text` to stdout whole (a closed pipe surfaces as an error `main` forgives).
pub fn print_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing to stdout")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_time_line_splits_the_decode_time_and_keeps_the_rest() {
        let stats = GenerationStats {
            prefill_time: Duration::from_secs(10),
            decode_time: Duration::from_secs(60),
            sample_time: Duration::from_secs(12),
            callback_time: Duration::from_secs(3),
            ..Default::default()
        };
        assert_eq!(
            time_line(&stats, Duration::from_secs(5), 100.0),
            "time: prefill 10.0 s (10 %), forward 45.0 s (45 %), sampling 12.0 s (12 %), \
             gate 3.0 s (3 %), checks 5.0 s (5 %), other 25.0 s (25 %)"
        );
    }
}
