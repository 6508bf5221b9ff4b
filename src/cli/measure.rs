//! The arguments of the commands that measure: `bench` (speed, memory and article quality
//! per model) and `perplexity`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{BackendArgs, CacheArgs, DeviceArgs, ModelArgs, ReportFormat};
use crate::pipeline::{self, EngineConfig};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Models to compare: catalogue ids, GGUF paths or REPO:FILE, comma-separated or repeated
    /// [default: the default model].
    #[arg(short, long, value_delimiter = ',', value_name = "ID|PATH|REPO:FILE")]
    pub model: Vec<String>,
    /// Prompt lengths to process (pp tests), comma-separated; 0 runs none.
    #[arg(
        short = 'p',
        long = "n-prompt",
        value_delimiter = ',',
        default_value = "512"
    )]
    pub prompt: Vec<usize>,
    /// Token counts to generate (tg tests), comma-separated; 0 runs none.
    #[arg(
        short = 'n',
        long = "n-gen",
        value_delimiter = ',',
        default_value = "128"
    )]
    pub generate: Vec<usize>,
    /// Branch counts: each tg test also runs as this many continuations decoded side by side
    /// (`tg128x4`), as the writer decodes its candidates; tokens of all branches are counted.
    #[arg(short = 'b', long, value_delimiter = ',')]
    pub branches: Vec<usize>,
    /// Compute only the logits of tokens written in Latin script, as `write` does for its
    /// French text (where the model's output projection is its Q8_0 embedding, as the
    /// default model's is); the tests are named `tg128 latin`.
    #[arg(long)]
    pub latin_only: bool,
    /// Thread counts, comma-separated; each runs in its own process [default: all cores].
    #[arg(short = 't', long, value_delimiter = ',')]
    pub threads: Vec<usize>,
    /// Repetitions of each test, after one warmup run.
    #[arg(short = 'r', long, default_value_t = 5)]
    pub repetitions: usize,
    /// Output: a Markdown table, CSV, or JSON with every sample.
    #[arg(short = 'o', long, value_enum, default_value = "md")]
    pub output: BenchFormat,
    /// Run the whole write pipeline on these source articles instead of pp/tg, and report
    /// speed and article quality side by side.
    #[arg(long, num_args = 1.., value_name = "INPUT")]
    pub article: Vec<PathBuf>,
    /// With --article: the candidates-per-repair settings to compare, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "2")]
    pub candidates: Vec<u32>,
    /// Random seed of the articles.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Context size in tokens that the model is given.
    #[arg(long, default_value_t = pipeline::DEFAULT_CONTEXT)]
    pub context: usize,
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Never use the network (also HF_HUB_OFFLINE=1).
    #[arg(long)]
    pub offline: bool,
    #[command(flatten)]
    pub device: DeviceArgs,
    #[command(flatten)]
    pub backend: BackendArgs,
    /// With --backend openai: concurrent requests to measure, comma-separated (each runs
    /// -r requests of -p prompt tokens and -n generated tokens per job).
    #[arg(short = 'j', long, value_delimiter = ',', default_value = "1")]
    pub jobs: Vec<usize>,
    /// Internal: measure one model in this process and print its rows as JSON lines.
    #[arg(long, hide = true)]
    pub worker: bool,
}

#[derive(Debug, Args)]
pub struct PerplexityArgs {
    /// The text to score (UTF-8).
    pub text: PathBuf,
    /// Context sizes (chunk lengths), comma-separated; each is measured separately.
    #[arg(
        short = 'c',
        long = "ctx",
        value_delimiter = ',',
        default_value = "512"
    )]
    pub ctx: Vec<usize>,
    /// Score at most this many chunks per context size [default: all].
    #[arg(long)]
    pub chunks: Option<usize>,
    /// Also write the logits of every position of the first chunk at the first context size,
    /// to compare with another engine: FILE (f32 little-endian, positions × vocabulary) and
    /// FILE.json (the token ids it read).
    #[arg(long, value_name = "FILE")]
    pub logits: Option<PathBuf>,
    /// Output: text, or JSON with the running values.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchFormat {
    Md,
    Csv,
    Json,
}

impl BenchArgs {
    /// The engine settings of the bench, for `model` (`None`: the default model).
    pub fn engine_config(&self, model: Option<String>) -> EngineConfig {
        EngineConfig {
            model,
            tokenizer: None,
            fetch: self.cache.fetch_config(self.offline),
            context: self.context,
            device: self.device.device,
            backend: self.backend.to_config(),
        }
    }
}
