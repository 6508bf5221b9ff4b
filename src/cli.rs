//! The command line: subcommands built from flattened argument groups, each group turning
//! itself into a library config. clap stops here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::hub::FetchConfig;
use crate::sampling::SamplingConfig;

#[derive(Debug, Parser)]
#[command(
    name = "redacteur",
    version,
    about = "Rewrites a news article into a structured, search-engine-ready French article, with a language model that runs on this machine."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a French SEO article (Markdown with front matter) from a source article.
    Write(WriteArgs),
    /// Fetch and locate models.
    #[command(subcommand)]
    Models(ModelsCommand),
}

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Fetch a model into the cache (verifying its checksum) and print its files.
    Pull(ModelIdArgs),
    /// Print where a model's files are cached; fails if they are not.
    Path(ModelIdArgs),
}

#[derive(Debug, Args)]
pub struct ModelIdArgs {
    /// The catalogue id [default: the embedded default model].
    pub id: Option<String>,
    /// Where models are cached.
    #[arg(long, env = "REDACTEUR_CACHE", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct WriteArgs {
    /// The source article: a text file, or `-` for stdin. Its first line may be a request
    /// ("Make this article SEO compatible, in French, at least 700 words").
    pub input: PathBuf,
    /// Where to write the article (written whole, then renamed into place); stdout if absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub request: RequestArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub sampling: SamplingArgs,
    /// Show the model's text on stderr as it is generated.
    #[arg(long)]
    pub stream: bool,
}

/// What the article must be; flags win over the input's request line.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// Language of the article (only `fr` is supported).
    #[arg(long)]
    pub language: Option<String>,
    /// Minimum words of body text [default: the request line's, else 700].
    #[arg(long)]
    pub min_words: Option<usize>,
    /// Minimum number of `##` subheadings [default: the request line's, else 3].
    #[arg(long)]
    pub min_sections: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// A local GGUF file to run instead of the default model (architecture: gemma3).
    #[arg(long, value_name = "PATH.gguf")]
    pub model: Option<PathBuf>,
    /// The tokenizer.json to use with --model [default: the default model's].
    #[arg(long, value_name = "PATH")]
    pub tokenizer: Option<PathBuf>,
    /// Where models are cached.
    #[arg(long, env = "REDACTEUR_CACHE", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Never use the network; fail if a file is not cached (also HF_HUB_OFFLINE=1).
    #[arg(long)]
    pub offline: bool,
    /// Context size in tokens that the model is given.
    #[arg(long, default_value_t = 4096)]
    pub context: usize,
}

impl ModelArgs {
    pub fn fetch_config(&self) -> FetchConfig {
        let mut config = FetchConfig::from_env();
        if let Some(dir) = &self.cache_dir {
            config.cache_dir = dir.clone();
        }
        config.offline |= self.offline;
        config
    }
}

#[derive(Debug, Args)]
pub struct SamplingArgs {
    /// Sampling temperature; 0 is greedy.
    #[arg(long, default_value_t = 0.7)]
    pub temperature: f64,
    /// Nucleus sampling: keep the smallest set of tokens whose probability reaches this.
    #[arg(long, default_value_t = 0.9)]
    pub top_p: f64,
    /// Keep only the this many most likely tokens; 0 keeps all.
    #[arg(long, default_value_t = 40)]
    pub top_k: usize,
    /// Penalty on recently generated tokens; 1 disables it.
    #[arg(long, default_value_t = 1.15)]
    pub repeat_penalty: f32,
    /// Random seed: the same seed and input give the same article.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

impl SamplingArgs {
    pub fn to_config(&self) -> SamplingConfig {
        SamplingConfig {
            temperature: self.temperature,
            top_p: self.top_p,
            top_k: self.top_k,
            repeat_penalty: self.repeat_penalty,
            seed: self.seed,
            ..SamplingConfig::default()
        }
    }
}
