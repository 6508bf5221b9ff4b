//! `bench --backend openai`: the server's throughput with N requests in flight — tokens/s
//! overall and per request, time to first token, p50/p95 latency — as a serving benchmark
//! (vLLM's `benchmark_serving`, llama.cpp's server bench) reports it.

use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use super::report::{csv, markdown, Format};
use crate::engine::Engine;
use crate::engine::{Flow, GenerationConfig};
use crate::remote::Remote;
use crate::sampling::SamplingConfig;

/// One request's measures.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RequestSample {
    pub prompt_tokens: usize,
    pub generated_tokens: usize,
    pub time_to_first_token_s: f64,
    pub latency_s: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConcurrencyResult {
    pub endpoint: String,
    pub model: String,
    pub jobs: usize,
    pub wall_s: f64,
    pub samples: Vec<RequestSample>,
}

impl ConcurrencyResult {
    fn generated(&self) -> usize {
        self.samples.iter().map(|s| s.generated_tokens).sum()
    }

    /// Generated tokens per second of wall time, all requests together.
    pub fn overall_tokens_per_second(&self) -> f64 {
        self.generated() as f64 / self.wall_s.max(f64::EPSILON)
    }

    /// Mean over requests of their generated tokens over their latency.
    pub fn per_request_tokens_per_second(&self) -> f64 {
        let rates: Vec<f64> = self
            .samples
            .iter()
            .map(|s| s.generated_tokens as f64 / s.latency_s.max(f64::EPSILON))
            .collect();
        rates.iter().sum::<f64>() / rates.len().max(1) as f64
    }
}

/// The `q` quantile (0–1) of `values`, nearest rank.
pub fn percentile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A French prompt of about `tokens` tokens (the example article, repeated as needed).
pub fn prompt_of(tokens: usize) -> String {
    const TEXT: &str = include_str!("../../examples/velo-lyon.txt");
    let chars = (tokens as f64 * 3.5) as usize;
    let mut prompt = String::new();
    while prompt.chars().count() < chars {
        prompt.push_str(TEXT);
        prompt.push('\n');
    }
    prompt.chars().take(chars.max(1)).collect()
}

/// `jobs` threads, each sending `requests` requests of `prompt` for `generate` tokens, after
/// one warmup request.
pub fn measure(
    remote: &Remote,
    jobs: usize,
    requests: usize,
    prompt: &str,
    generate: usize,
) -> Result<ConcurrencyResult> {
    let config = GenerationConfig::new(generate, SamplingConfig::default());
    remote
        .try_clone()
        .run(prompt, &config, &mut |_| Flow::Continue)?;
    let started = Instant::now();
    let samples = std::thread::scope(|scope| -> Result<Vec<RequestSample>> {
        let handles: Vec<_> = (0..jobs.max(1))
            .map(|job| {
                let mut engine = remote.try_clone();
                let config = &config;
                scope.spawn(move || -> Result<Vec<RequestSample>> {
                    let mut out = Vec::new();
                    for request in 0..requests {
                        let mut config = config.clone();
                        config.sampling.seed = (job * 1000 + request) as u64;
                        // A prompt of its own, so that no server answers it from its cache.
                        let prompt = format!("({job}.{request}) {prompt}");
                        let sent = Instant::now();
                        let g = engine.run(&prompt, &config, &mut |_| Flow::Continue)?;
                        out.push(RequestSample {
                            prompt_tokens: g.stats.prompt_tokens,
                            generated_tokens: g.stats.generated_tokens,
                            time_to_first_token_s: g.stats.time_to_first_token.as_secs_f64(),
                            latency_s: sent.elapsed().as_secs_f64(),
                        });
                    }
                    Ok(out)
                })
            })
            .collect();
        let mut all = Vec::new();
        for handle in handles {
            all.extend(handle.join().expect("a bench thread panicked")?);
        }
        Ok(all)
    })?;
    Ok(ConcurrencyResult {
        endpoint: remote.endpoint().to_string(),
        model: remote.model().to_string(),
        jobs,
        wall_s: started.elapsed().as_secs_f64(),
        samples,
    })
}

const COLUMNS: [&str; 10] = [
    "model",
    "jobs",
    "requests",
    "prompt tok",
    "generated tok",
    "tok/s overall",
    "tok/s per request",
    "TTFT p50 ms",
    "latency p50 s",
    "latency p95 s",
];

fn cells(row: &ConcurrencyResult) -> [String; 10] {
    let of = |f: fn(&RequestSample) -> f64| row.samples.iter().map(f).collect::<Vec<_>>();
    let latency = of(|s| s.latency_s);
    let prompt = of(|s| s.prompt_tokens as f64);
    [
        row.model.clone(),
        row.jobs.to_string(),
        row.samples.len().to_string(),
        format!(
            "{:.0}",
            prompt.iter().sum::<f64>() / prompt.len().max(1) as f64
        ),
        row.generated().to_string(),
        format!("{:.1}", row.overall_tokens_per_second()),
        format!("{:.1}", row.per_request_tokens_per_second()),
        format!(
            "{:.0}",
            percentile(&of(|s| s.time_to_first_token_s), 0.5) * 1000.0
        ),
        format!("{:.2}", percentile(&latency, 0.5)),
        format!("{:.2}", percentile(&latency, 0.95)),
    ]
}

pub fn render(format: Format, rows: &[ConcurrencyResult]) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(rows).expect("results serialise") + "\n",
        Format::Markdown => markdown(COLUMNS, rows.iter().map(cells).collect()),
        Format::Csv => csv(COLUMNS, rows.iter().map(cells).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), 10.0);
        assert_eq!(percentile(&values, 0.95), 19.0);
        assert_eq!(percentile(&[3.0], 0.95), 3.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn rates_overall_and_per_request() {
        let sample = |n, latency| RequestSample {
            prompt_tokens: 10,
            generated_tokens: n,
            time_to_first_token_s: 0.1,
            latency_s: latency,
        };
        let row = ConcurrencyResult {
            endpoint: "http://x/v1".into(),
            model: "m".into(),
            jobs: 2,
            wall_s: 2.0,
            samples: vec![sample(100, 2.0), sample(50, 1.0)],
        };
        assert_eq!(row.overall_tokens_per_second(), 75.0);
        assert_eq!(row.per_request_tokens_per_second(), 50.0);
        let table = render(Format::Markdown, &[row]);
        assert!(
            table.contains("| m | 2 | 2 | 10 | 150 | 75.0 | 50.0 | 100 | 1.00 | 2.00 |"),
            "{table}"
        );
        assert!(prompt_of(100).chars().count() == 350);
    }
}
