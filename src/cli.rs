//! The command line: subcommands built from flattened argument groups, each group turning
//! itself into a library config. clap stops here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::article::ArticleRequest;
use crate::device::DeviceChoice;
use crate::hub::FetchConfig;
use crate::pipeline::{self, BackendConfig, EngineConfig, Format, RemoteSettings};
use crate::sampling::SamplingConfig;
use crate::writer::{Method, WriteConfig};

mod measure;
pub use measure::{BenchArgs, BenchFormat, PerplexityArgs};

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
    /// Write a French SEO article (Markdown, HTML or JSON) from a source article.
    Write(Box<WriteArgs>),
    /// Check an article (Markdown or HTML): SEO, readability and, with --source, fidelity.
    Check(CheckArgs),
    /// Benchmark models: prompt and generation speed as llama-bench measures it, or (with
    /// --article) the whole write pipeline with the quality of the articles.
    Bench(BenchArgs),
    /// Perplexity of a model on a text, measured as llama.cpp's llama-perplexity does.
    Perplexity(PerplexityArgs),
    /// Fetch and locate models.
    #[command(subcommand)]
    Models(ModelsCommand),
    /// Serve the editors' page and the HTTP API on this machine: one model loaded once, the
    /// articles asked for queued in front of it.
    Serve(Box<ServeArgs>),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on; any but loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: std::net::SocketAddr,
    /// The bearer token the API asks for (never printed).
    #[arg(
        long,
        env = "REDACTEUR_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,
    /// Where jobs are kept, so that finished ones survive a restart and unfinished ones run
    /// again [default: redacteur/serve in the user's data directory].
    #[arg(long, env = "REDACTEUR_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Jobs that may wait for the model; more are refused (429, with Retry-After).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub queue: u32,
    /// Days a finished job is kept after it ended; older ones are deleted, file and all, at
    /// start and as jobs come [default: kept for ever].
    #[arg(long, value_name = "DAYS", value_parser = positive_days)]
    pub keep_days: Option<f64>,
    /// The largest request body, in bytes (413 above it).
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_body: usize,
    /// Log the writer's stage lines, which quote the article (by default the log holds ids,
    /// statuses and figures only).
    #[arg(long)]
    pub log_text: bool,
    #[command(flatten)]
    pub request: RequestArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub sampling: SamplingArgs,
    #[command(flatten)]
    pub quality: QualityArgs,
    /// Site address the canonical URL is built on (as for `write`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// List the catalogue: id, size, quantisation, licence, and whether it is cached.
    List(CacheArgs),
    /// Fetch a model into the cache (verifying its checksum) and print its path.
    Pull(PullArgs),
    /// Print where a model is cached; fails (touching no network) if it is not.
    Path(ModelIdArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CacheArgs {
    /// Where redacteur keeps the files it fetches from mirrors.
    #[arg(long, env = "REDACTEUR_CACHE", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

impl CacheArgs {
    pub fn fetch_config(&self, offline: bool) -> FetchConfig {
        let mut config = FetchConfig::from_env();
        if let Some(dir) = &self.cache_dir {
            config.cache_dir = dir.clone();
        }
        config.offline |= offline;
        config
    }
}

#[derive(Debug, Args)]
pub struct PullArgs {
    #[command(flatten)]
    pub model: ModelIdArgs,
    /// Remove the cached copies first and fetch the model again (for a damaged cache).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ModelIdArgs {
    /// A catalogue id (see `models list`) or `owner/repo:file.gguf` on the hub [default: the
    /// embedded default model].
    pub id: Option<String>,
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Never use the network (also HF_HUB_OFFLINE=1).
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Args)]
pub struct WriteArgs {
    /// The source articles: text files (UTF-8; Latin-1 is converted), HTML pages, folders
    /// (their .txt, .md and .html files), glob patterns, or `-` for stdin. A text's first line
    /// may be a request ("Make this article SEO compatible, in French, at least 700 words").
    /// Several inputs, a folder or a pattern make a batch, which needs --out-dir.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Where to write the article of a single input (written whole, then moved into place);
    /// stdout if absent.
    #[arg(short, long, conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Write each input's article into this folder, as NAME.md (or .html, .json), with a
    /// manifest (redacteur-manifest.json) so that a rerun skips the articles already written.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Replace output files that exist (by default they are left as they are, and reported).
    #[arg(long)]
    pub force: bool,
    /// Articles written at once in a batch (--backend openai: requests in flight; the local
    /// model writes one at a time).
    #[arg(short, long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub jobs: u32,
    #[command(flatten)]
    pub request: RequestArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub sampling: SamplingArgs,
    /// Show the model's text on stderr as it is generated.
    #[arg(long)]
    pub stream: bool,
    /// Write every rewrite candidate to FILE as JSON lines: the source sentence it rewrote,
    /// its text and tokens, why the gate refused it, the words it took back (`--retractions`),
    /// and the sentences taken for each source sentence.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Output format: Markdown with front matter, a complete HTML page, or JSON.
    #[arg(long, value_enum, default_value_t = OutputFormat::Md)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub quality: QualityArgs,
    /// Site address the canonical URL is built on (e.g. `https://example.org/actu`);
    /// the canonical URL is relative (`/SLUG/`) without it.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Address of the source article: credited with a link in the article's last line
    /// (« Source : … ») and in the HTML's JSON-LD (`isBasedOn`).
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// An image placed after the introduction (a web address or a path of the site), in
    /// the Markdown, the HTML and the JSON-LD.
    #[arg(long, value_name = "URL")]
    pub image: Option<String>,
    /// The image's alternative text [default: the H1, with the keyphrase if it lacks it].
    #[arg(long, value_name = "TEXT", requires = "image")]
    pub image_alt: Option<String>,
    /// Publication date for the HTML and JSON (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The focus keyphrase [default: the source's most salient phrase].
    #[arg(long, value_name = "K")]
    pub keyphrase: Option<String>,
}

/// How hard `write` works on the quality of the article.
#[derive(Debug, Args)]
pub struct QualityArgs {
    /// Candidates per section when repairing prose: the best by check score is kept.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=16))]
    pub candidates: u32,
    /// Skip the check-and-repair pass after the draft.
    #[arg(long)]
    pub no_repair: bool,
    /// Keep every sentence the model writes (no sentence gate); for measuring the gate.
    #[arg(long)]
    pub no_gate: bool,
    /// With `--method rewrite`: the copy guard reads the source alone, not the sentences
    /// already kept too (restatements then often repeat them); for measuring the guard.
    #[arg(long)]
    pub no_article_guard: bool,
    /// With `--method rewrite`: a candidate refused while written for a word wrong in form
    /// (a word of no language, « de euros », an article of the wrong gender, a verb without
    /// its pronoun) marks that word's last token a dead end, which the later candidates of
    /// its prompt in the article never draw after the same words. Off by default: over twelve
    /// articles it gave 1.0× the words for 1.06× the tokens.
    #[arg(long)]
    pub dead_ends: bool,
    /// Fail (exit status 1, after writing) if rules still fail after repair.
    #[arg(long)]
    pub strict: bool,
    /// How sections are written: `rewrite` reformulates each source sentence and keeps only
    /// sentences the source supports (grounded; shorter from a short source, never padded);
    /// `notes` continues the article after the facts (names, figures and copies checked, the
    /// rest not: most of its sentences the source does not support).
    #[arg(long, value_enum, default_value_t = MethodArg::Rewrite)]
    pub method: MethodArg,
    /// With `--method rewrite`: added to the logits of the source sentence's tokens, so
    /// that the model leans on the source's words (0 turns it off).
    #[arg(long, default_value_t = 1.5)]
    pub source_bias: f32,
    /// With `--method rewrite`: the least mean log-probability per token (nats) the model
    /// may have given a sentence it wrote; below, the sentence is refused as garbled
    /// (`--min-logprob=-inf` turns it off).
    #[arg(long, allow_negative_numbers = true, default_value_t = crate::writer::DEFAULT_MIN_LOGPROB)]
    pub min_logprob: f32,
    /// With `--method rewrite`: times a candidate sentence may take back the word that
    /// dooms it (an invented figure, a word of no language, a repeat…) and draw another in
    /// its place, before it is given up (0: given up at once). Grammar the source's own words
    /// show wrong (« du demi-finale », « à Racing 92 ») is taken back up to twice whatever
    /// this says.
    #[arg(long, default_value_t = crate::writer::DEFAULT_RETRACTIONS)]
    pub retractions: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    Notes,
    Rewrite,
}

impl MethodArg {
    pub fn to_method(self) -> Method {
        match self {
            Self::Notes => Method::Notes,
            Self::Rewrite => Method::Rewrite,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Md,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The article to check: Markdown (front matter optional) or HTML.
    pub article: PathBuf,
    /// The source article it was written from: enables the fidelity checks.
    #[arg(long, value_name = "SRC")]
    pub source: Option<PathBuf>,
    /// The focus keyphrase [default: the front matter's, else the first keyword, else
    /// derived from the text].
    #[arg(long, value_name = "K")]
    pub keyphrase: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Exit with status 1 when a rule fails.
    #[arg(long)]
    pub strict: bool,
    /// Minimum words of body text.
    #[arg(long, default_value_t = crate::seo::DEFAULT_MIN_WORDS)]
    pub min_words: usize,
    /// Minimum number of `##` subheadings.
    #[arg(long, default_value_t = crate::seo::DEFAULT_MIN_SECTIONS)]
    pub min_sections: usize,
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

#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// The model: a catalogue id (see `models list`), a local .gguf file, or
    /// `owner/repo:file.gguf` on the Hugging Face hub [default: the embedded default model].
    #[arg(short, long, value_name = "ID|PATH|REPO:FILE")]
    pub model: Option<String>,
    /// A tokenizer.json to use instead of the one the GGUF's metadata describes.
    #[arg(long, value_name = "PATH")]
    pub tokenizer: Option<PathBuf>,
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Never use the network; fail if a file is not cached (also HF_HUB_OFFLINE=1).
    #[arg(long)]
    pub offline: bool,
    /// Context size in tokens that the model is given.
    #[arg(long, default_value_t = pipeline::DEFAULT_CONTEXT)]
    pub context: usize,
    #[command(flatten)]
    pub device: DeviceArgs,
    #[command(flatten)]
    pub backend: BackendArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Backend {
    /// The model runs in this process (--model, --device).
    Local,
    /// An OpenAI-compatible inference server (vLLM, TGI, llama.cpp's server, Ollama).
    Openai,
}

/// Which engine writes: the local model, or a server speaking the OpenAI API.
#[derive(Debug, Clone, Args)]
pub struct BackendArgs {
    /// Where the model runs: in this process, or on an OpenAI-compatible server.
    #[arg(long, value_enum, env = "REDACTEUR_BACKEND", default_value_t = Backend::Local)]
    pub backend: Backend,
    /// With --backend openai: the API's base address.
    #[arg(
        long,
        env = "REDACTEUR_ENDPOINT",
        value_name = "URL",
        default_value = "http://127.0.0.1:8080/v1"
    )]
    pub endpoint: String,
    /// With --backend openai: the served model's name [default: the one the server lists].
    #[arg(long, value_name = "NAME")]
    pub api_model: Option<String>,
    /// With --backend openai: the environment variable holding the API key (sent as a bearer
    /// token, never printed); no key is sent when it is unset.
    #[arg(long, value_name = "VAR", default_value = "OPENAI_API_KEY")]
    pub api_key_env: String,
    /// With --backend openai: seconds the server may stay silent before the request fails.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub timeout: u64,
    /// With --backend openai: attempts after the first on 429, 5xx or a lost connection,
    /// waiting 0.5 s, 1 s, 2 s, … (or the server's Retry-After).
    #[arg(long, default_value_t = 4)]
    pub retries: u32,
}

/// Where the model runs.
#[derive(Debug, Clone, Args)]
pub struct DeviceArgs {
    /// Device: auto (a GPU when this build has CUDA or Metal and the machine a GPU, else the
    /// CPU), cpu, cuda, cuda:N or metal.
    #[arg(
        long,
        env = "REDACTEUR_DEVICE",
        default_value = "auto",
        value_name = "DEVICE",
        value_parser = crate::device::parse_for_this_build
    )]
    pub device: DeviceChoice,
}

impl ModelArgs {
    pub fn fetch_config(&self) -> FetchConfig {
        self.cache.fetch_config(self.offline)
    }

    pub fn to_config(&self) -> EngineConfig {
        EngineConfig {
            model: self.model.clone(),
            tokenizer: self.tokenizer.clone(),
            fetch: self.fetch_config(),
            context: self.context,
            device: self.device.device,
            backend: self.backend.to_config(),
        }
    }
}

impl BackendArgs {
    pub fn to_config(&self) -> BackendConfig {
        match self.backend {
            Backend::Local => BackendConfig::Local,
            Backend::Openai => BackendConfig::Openai(RemoteSettings {
                endpoint: self.endpoint.clone(),
                api_model: self.api_model.clone(),
                api_key_env: self.api_key_env.clone(),
                timeout: std::time::Duration::from_secs(self.timeout),
                retries: self.retries,
            }),
        }
    }
}

impl RequestArgs {
    /// The flags as a request, which wins over the source's request line.
    pub fn to_request(&self) -> ArticleRequest {
        ArticleRequest {
            language: self.language.clone(),
            min_words: self.min_words,
            min_sections: self.min_sections,
            line: String::new(),
        }
    }
}

impl WriteArgs {
    /// The writer's settings from the flags, before the request line and the flags'
    /// lengths are merged in (`WriteConfig::resolve`).
    /// The settings of the article; the source and image addresses are checked here, before
    /// the model loads.
    pub fn write_config(&self) -> anyhow::Result<WriteConfig> {
        let media = crate::writer::Media::new(
            self.source_url.as_deref(),
            self.image.as_deref(),
            self.image_alt.as_deref(),
        )?;
        Ok(WriteConfig {
            media,
            keyphrase: self.keyphrase.clone(),
            ..self.quality.write_config(&self.sampling)
        })
    }
}

impl QualityArgs {
    /// The writer's settings these flags and `sampling` give, the rest by default.
    pub fn write_config(&self, sampling: &SamplingArgs) -> WriteConfig {
        WriteConfig {
            sampling: sampling.to_config(),
            gate: !self.no_gate,
            guard_article: !self.no_article_guard,
            dead_ends: self.dead_ends,
            repair: !self.no_repair,
            candidates: self.candidates as usize,
            strict: self.strict,
            method: self.method.to_method(),
            source_bias: self.source_bias,
            min_logprob: self.min_logprob,
            retractions: self.retractions,
            ..WriteConfig::default()
        }
    }
}

impl OutputFormat {
    pub fn to_format(self) -> Format {
        match self {
            OutputFormat::Md => Format::Markdown,
            OutputFormat::Html => Format::Html,
            OutputFormat::Json => Format::Json,
        }
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
    /// Random seed: the same seed and input give the same article on the same instruction
    /// set (the AVX2 and AVX-512 kernels add in different orders, and the articles part).
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

/// A number of days above zero (`0.5` is twelve hours).
fn positive_days(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(days) if days.is_finite() && days > 0.0 => Ok(days),
        _ => Err(format!("`{text}` is not a number of days above 0")),
    }
}
