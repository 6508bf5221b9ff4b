//! Benchmark results as a Markdown table (as llama-bench prints), CSV, or JSON with every
//! sample.

use serde_json::json;

use super::article::ArticleResult;
use super::speed::mean_sd;
use super::SpeedResult;

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Json,
}

fn mib(bytes: Option<u64>) -> String {
    bytes.map_or("?".to_string(), |b| {
        format!("{:.0}", b as f64 / (1024.0 * 1024.0))
    })
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.2} GiB", b as f64 / (1u64 << 30) as f64),
        b => format!("{:.2} MiB", b as f64 / (1u64 << 20) as f64),
    }
}

fn human_count(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.2} B", n as f64 / 1e9),
        n => format!("{:.2} M", n as f64 / 1e6),
    }
}

const SPEED_COLUMNS: [&str; 12] = [
    "model", "size", "params", "quant", "device", "threads", "test", "t/s", "ms/token", "ttft ms",
    "load s", "peak MiB",
];

fn speed_cells(row: &SpeedResult) -> [String; 12] {
    let (tps, tps_sd) = mean_sd(&row.samples.tokens_per_second());
    let (first, _) = mean_sd(&row.samples.first_token_seconds);
    [
        row.model.id.clone(),
        human_size(row.model.size_bytes),
        human_count(row.model.parameters),
        row.model.quant.clone(),
        row.host.device.clone(),
        row.host.threads.to_string(),
        row.samples.name(),
        format!("{tps:.2} ± {tps_sd:.2}"),
        format!("{:.2}", 1000.0 / tps),
        match row.samples.first_token_seconds.is_empty() {
            true => "-".to_string(),
            false => format!("{:.1}", first * 1000.0),
        },
        format!("{:.2}", row.load_seconds),
        mib(row.peak_memory_bytes),
    ]
}

const ARTICLE_COLUMNS: [&str; 19] = [
    "model",
    "setting",
    "input",
    "wall s",
    "tokens",
    "decode t/s",
    "words",
    "H2",
    "French",
    "SEO score",
    "names kept %",
    "figures kept %",
    "invented figures",
    "repeated",
    "generated per kept token",
    "supported",
    "precision",
    "dropped (most)",
    "tokens spent (most)",
];

fn article_cells(row: &ArticleResult) -> [String; 19] {
    [
        row.model.clone(),
        row.setting.clone(),
        row.input.clone(),
        format!("{:.1}", row.wall_seconds),
        row.generated_tokens.to_string(),
        format!("{:.1}", row.decode_tokens_per_second),
        row.body_words.to_string(),
        row.subheadings.to_string(),
        match row.french {
            true => "yes".to_string(),
            false => "no".to_string(),
        },
        row.score.to_string(),
        format!("{:.0}", row.names_kept),
        format!("{:.0}", row.figures_kept),
        row.invented_figures.to_string(),
        row.repeated_sentences.to_string(),
        format!("{:.1}", row.generated_per_kept),
        format!("{:.2}", row.supported),
        format!("{:.2}", row.precision),
        row.top_rejections(3),
        row.spent.summary(3),
    ]
}

pub(crate) fn markdown<const N: usize>(columns: [&str; N], rows: Vec<[String; N]>) -> String {
    let mut out = format!("| {} |\n", columns.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(N)));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

pub(crate) fn csv<const N: usize>(columns: [&str; N], rows: Vec<[String; N]>) -> String {
    let quote = |cell: &str| match cell.contains([',', '"', '\n']) {
        true => format!("\"{}\"", cell.replace('"', "\"\"")),
        false => cell.to_string(),
    };
    let mut out = columns.map(quote).join(",") + "\n";
    for row in rows {
        out.push_str(&(row.map(|c| quote(&c)).join(",") + "\n"));
    }
    out
}

/// Speed rows, then article rows, in `format`.
pub fn render(format: Format, speed: &[SpeedResult], articles: &[ArticleResult]) -> String {
    match format {
        Format::Json => {
            let speed: Vec<_> = speed
                .iter()
                .map(|row| {
                    let (mean, sd) = mean_sd(&row.samples.tokens_per_second());
                    json!({
                        "model": row.model,
                        "host": row.host,
                        "test": row.samples.name(),
                        "tokens_per_second": {"mean": mean, "sd": sd},
                        "samples": row.samples,
                        "load_seconds": row.load_seconds,
                        "peak_memory_bytes": row.peak_memory_bytes,
                    })
                })
                .collect();
            let value = json!({"speed": speed, "articles": articles});
            serde_json::to_string_pretty(&value).expect("results serialise") + "\n"
        }
        Format::Markdown | Format::Csv => {
            let table = match format {
                Format::Markdown => markdown::<12>,
                _ => csv::<12>,
            };
            let article_table = match format {
                Format::Markdown => markdown::<19>,
                _ => csv::<19>,
            };
            let mut out = String::new();
            if !speed.is_empty() {
                out.push_str(&table(
                    SPEED_COLUMNS,
                    speed.iter().map(speed_cells).collect(),
                ));
            }
            if !articles.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&article_table(
                    ARTICLE_COLUMNS,
                    articles.iter().map(article_cells).collect(),
                ));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::{Host, ModelInfo, SpeedSamples, SpeedTest};

    fn row() -> SpeedResult {
        SpeedResult {
            model: ModelInfo {
                id: "gemma-3-270m".into(),
                file: "/m.gguf".into(),
                size_bytes: 253_113_024,
                parameters: 268_098_176,
                quant: "Q4_K_M".into(),
                architecture: "gemma3".into(),
            },
            host: Host {
                device: "cpu".into(),
                threads: 2,
                cpu: "AMD EPYC".into(),
                commit: "abc1234".into(),
            },
            load_seconds: 0.5,
            peak_memory_bytes: Some(400 << 20),
            samples: SpeedSamples {
                test: SpeedTest::Generate(128),
                seconds: vec![2.0, 2.0, 2.0],
                first_token_seconds: Vec::new(),
                latin_only: false,
            },
        }
    }

    #[test]
    fn markdown_row_reads_like_llama_bench() {
        let out = render(Format::Markdown, &[row()], &[]);
        assert!(
            out.starts_with("| model | size | params | quant | device | threads | test | t/s |")
        );
        assert!(
            out.contains("| gemma-3-270m | 241.39 MiB | 268.10 M | Q4_K_M | cpu | 2 | tg128 | 64.00 ± 0.00 | 15.62 | - | 0.50 | 400 |"),
            "{out}"
        );
    }

    #[test]
    fn csv_and_json_carry_the_samples() {
        let csv = render(Format::Csv, &[row()], &[]);
        assert_eq!(csv.lines().count(), 2);
        assert!(csv.contains("64.00 ± 0.00"));
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &[row()], &[])).unwrap();
        assert_eq!(
            json["speed"][0]["samples"]["seconds"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
        assert_eq!(json["speed"][0]["host"]["commit"], "abc1234");
        assert_eq!(json["speed"][0]["tokens_per_second"]["mean"], 64.0);
    }
}
