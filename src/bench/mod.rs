//! Benchmarks of model choices: prompt processing and generation speed (`speed`), and the
//! whole article pipeline with the quality of what it writes (`article`), reported together
//! (`report`). Speed runs one process per model and thread count, since the thread pools are
//! fixed for a process's life and peak memory is a process's own.

pub mod article;
pub mod concurrency;
pub mod report;
pub mod speed;

use std::path::Path;
use std::time::Instant;

use crate::device::Chosen;
use anyhow::{Context, Result};
use candle_core::quantized::gguf_file::Value;
use serde::{Deserialize, Serialize};

use crate::model::{GgufFile, Model};
pub use speed::{SpeedSamples, SpeedTest};

/// What a benchmark row says about the model it ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// The catalogue id, or the path as given.
    pub id: String,
    pub file: String,
    pub size_bytes: u64,
    pub parameters: u64,
    pub quant: String,
    pub architecture: String,
}

impl ModelInfo {
    pub fn from_gguf(id: &str, file: &GgufFile) -> Result<Self> {
        let size_bytes = std::fs::metadata(&file.path)
            .with_context(|| format!("reading `{}`", file.path.display()))?
            .len();
        let parameters = file
            .tensors
            .iter()
            .map(|(_, t)| t.dims.iter().map(|&d| d as u64).product::<u64>())
            .sum();
        let quant = match file.content.metadata.get("general.file_type") {
            Some(Value::U32(t)) => file_type_name(*t),
            Some(Value::I32(t)) => file_type_name(*t as u32),
            _ => "unknown".to_string(),
        };
        Ok(Self {
            id: id.to_string(),
            file: file.path.display().to_string(),
            size_bytes,
            parameters,
            quant,
            architecture: file.architecture()?,
        })
    }
}

/// llama.cpp's names for `general.file_type`.
fn file_type_name(file_type: u32) -> String {
    let name = match file_type {
        0 => "F32",
        1 => "F16",
        2 => "Q4_0",
        3 => "Q4_1",
        7 => "Q8_0",
        8 => "Q5_0",
        9 => "Q5_1",
        10 => "Q2_K",
        11 => "Q3_K_S",
        12 => "Q3_K_M",
        13 => "Q3_K_L",
        14 => "Q4_K_S",
        15 => "Q4_K_M",
        16 => "Q5_K_S",
        17 => "Q5_K_M",
        18 => "Q6_K",
        19 => "IQ2_XXS",
        20 => "IQ2_XS",
        21 => "Q2_K_S",
        22 => "IQ3_XS",
        23 => "IQ3_XXS",
        24 => "IQ1_S",
        25 => "IQ4_NL",
        26 => "IQ3_S",
        27 => "IQ3_M",
        28 => "IQ2_S",
        29 => "IQ2_M",
        30 => "IQ4_XS",
        31 => "IQ1_M",
        32 => "BF16",
        other => return format!("type {other}"),
    };
    name.to_string()
}

/// Where and how a benchmark ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Host {
    pub device: String,
    pub threads: usize,
    pub cpu: String,
    /// The commit redacteur was built from.
    pub commit: String,
}

impl Host {
    pub fn here(device: &Chosen) -> Self {
        Self {
            device: device.name.clone(),
            threads: candle_core::utils::get_num_threads(),
            cpu: cpu_name(),
            commit: env!("REDACTEUR_COMMIT").to_string(),
        }
    }
}

/// The CPU's model name (Linux: /proc/cpuinfo).
pub fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

/// One speed test of one model on one host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeedResult {
    pub model: ModelInfo,
    pub host: Host,
    pub load_seconds: f64,
    /// Peak resident memory of the process that ran the model.
    pub peak_memory_bytes: Option<u64>,
    pub samples: SpeedSamples,
}

/// Loads the GGUF at `path` and runs each test; the rows this process measured.
pub fn measure_speed(
    id: &str,
    path: &Path,
    tests: &[SpeedTest],
    repetitions: usize,
    context: usize,
    chosen: &Chosen,
    latin_only: bool,
) -> Result<Vec<SpeedResult>> {
    let device = &chosen.device;
    let started = Instant::now();
    let file = GgufFile::open(path)?;
    crate::model::supported_architecture(&file)?;
    let info = ModelInfo::from_gguf(id, &file)?;
    let vocab = match file.content.metadata.get("tokenizer.ggml.tokens") {
        Some(Value::Array(tokens)) => tokens.len(),
        _ => anyhow::bail!("`{}` has no vocabulary in its metadata", path.display()),
    };
    let mut model = Model::from_gguf(file, context, device)?;
    eprintln!("{}", model.describe());
    let load_seconds = started.elapsed().as_secs_f64();
    let host = Host::here(chosen);
    let mut rows = Vec::new();
    for &test in tests {
        let samples = speed::measure(&mut model, device, vocab, test, repetitions, latin_only)?;
        rows.push(SpeedResult {
            model: info.clone(),
            host: host.clone(),
            load_seconds,
            peak_memory_bytes: None,
            samples,
        });
    }
    let peak = crate::memory::peak_rss_bytes();
    for row in &mut rows {
        row.peak_memory_bytes = peak;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_types_as_llama_cpp_names_them() {
        assert_eq!(file_type_name(15), "Q4_K_M");
        assert_eq!(file_type_name(7), "Q8_0");
        assert_eq!(file_type_name(99), "type 99");
        assert!(!cpu_name().is_empty());
    }
}
