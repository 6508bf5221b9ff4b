//! The library's entry: an engine from an `EngineConfig` (the one way to get one), and an
//! article from a source and a `WriteConfig`. The CLI, batches and benches come through it;
//! it knows nothing of clap and never prints (progress goes to the caller's callback).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Result};
use serde_json::json;

use crate::article::SourceArticle;
use crate::catalogue::{ChatTemplate, ModelChoice, ModelSpec};
use crate::chat::ChatFormat;
use crate::device::DeviceChoice;
use crate::document::Article;
use crate::engine::Engine;
use crate::generate::Generator;
use crate::hub::{self, FetchConfig};
use crate::model::{supported_architecture, GgufFile, Model};
use crate::remote::{Remote, RemoteConfig};
use crate::render::{self, Publication};
use crate::tokenizer::{chat_template, TextTokenizer};
use crate::writer::{self, Event, WriteConfig, WriteReport};

/// Context size in tokens the model is given unless asked otherwise.
pub const DEFAULT_CONTEXT: usize = 4096;

/// Where progress messages go (fetching, the device chosen, the writer's stages).
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

/// How to reach an OpenAI-compatible server.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteSettings {
    /// The API's base address, e.g. `http://127.0.0.1:8080/v1`.
    pub endpoint: String,
    /// The served model; `None` takes the one the server lists.
    pub api_model: Option<String>,
    /// The environment variable holding the API key (never printed).
    pub api_key_env: String,
    /// How long the server may stay silent.
    pub timeout: Duration,
    /// Attempts after the first on 429, 5xx or a lost connection.
    pub retries: u32,
}

/// Where the model runs.
#[derive(Debug, Clone, PartialEq)]
pub enum BackendConfig {
    /// In this process.
    Local,
    /// On an OpenAI-compatible server.
    Openai(RemoteSettings),
}

/// Which model, where, and how it is fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineConfig {
    /// A catalogue id, a GGUF path or `owner/repo:file.gguf`; `None` is the default model.
    pub model: Option<String>,
    /// A `tokenizer.json` to use instead of the GGUF's own.
    pub tokenizer: Option<PathBuf>,
    pub fetch: FetchConfig,
    /// Positions the model holds, prompt and generated text together.
    pub context: usize,
    pub device: DeviceChoice,
    pub backend: BackendConfig,
}

impl Default for EngineConfig {
    /// The default model in this process, caches and offline mode from the environment.
    fn default() -> Self {
        Self {
            model: None,
            tokenizer: None,
            fetch: FetchConfig::from_env(),
            context: DEFAULT_CONTEXT,
            device: DeviceChoice::default(),
            backend: BackendConfig::Local,
        }
    }
}

/// An engine ready to be made: the model's file found (fetched if need be), or the server
/// connected. A batch prepares once, records the identity, and makes the engine only when
/// an article needs it.
pub struct Prepared {
    config: EngineConfig,
    identity: String,
    kind: PreparedKind,
}

enum PreparedKind {
    Local {
        choice: ModelChoice,
        weights: PathBuf,
    },
    Remote(Remote),
}

/// Finds the model's file (fetching it) or connects to the server.
pub fn prepare(config: &EngineConfig, progress: Progress) -> Result<Prepared> {
    let (identity, kind) = match &config.backend {
        BackendConfig::Local => {
            let (choice, weights) =
                resolve_model(config.model.as_deref(), &config.fetch, progress)?;
            let identity = model_identity(&choice, &weights);
            (identity, PreparedKind::Local { choice, weights })
        }
        BackendConfig::Openai(settings) => {
            let remote = connect(settings, config, progress)?;
            let identity = format!("openai {} {}", remote.endpoint(), remote.model());
            (identity, PreparedKind::Remote(remote))
        }
    };
    Ok(Prepared {
        config: config.clone(),
        identity,
        kind,
    })
}

/// The engine `config` names: the local model loaded, or the server connected.
pub fn load(config: &EngineConfig, progress: Progress) -> Result<Box<dyn Engine>> {
    prepare(config, progress)?.engine(progress)
}

/// The local model and its tokenizer, for what needs the model itself (perplexity); a
/// server backend is refused with `why`.
pub fn load_local(config: &EngineConfig, why: &str, progress: Progress) -> Result<Generator> {
    if let BackendConfig::Openai(_) = config.backend {
        bail!("--backend openai cannot be used here: {why}");
    }
    let (choice, weights) = resolve_model(config.model.as_deref(), &config.fetch, progress)?;
    load_generator(config, &choice, &weights, progress)
}

impl Prepared {
    /// What identifies the model in a batch's manifest: the catalogue id and checksum, the
    /// file's path and size, or `openai ENDPOINT MODEL`.
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// The GGUF file, for a local model.
    pub fn weights(&self) -> Option<&Path> {
        match &self.kind {
            PreparedKind::Local { weights, .. } => Some(weights),
            PreparedKind::Remote(_) => None,
        }
    }

    /// A new engine: the model loaded (each call loads it again), or a connection of its own
    /// to the server.
    pub fn engine(&self, progress: Progress) -> Result<Box<dyn Engine>> {
        match &self.kind {
            PreparedKind::Local { choice, weights } => Ok(Box::new(load_generator(
                &self.config,
                choice,
                weights,
                progress,
            )?)),
            PreparedKind::Remote(remote) => Ok(Box::new(remote.try_clone())),
        }
    }
}

/// What `model` names (the default model if nothing), and its GGUF file on disk, fetched if
/// need be.
pub fn resolve_model(
    model: Option<&str>,
    fetch: &FetchConfig,
    progress: Progress,
) -> Result<(ModelChoice, PathBuf)> {
    let choice = match model {
        Some(model) => ModelChoice::parse(model)?,
        None => ModelChoice::Spec(Box::new(ModelSpec::default_model())),
    };
    let weights = match &choice {
        ModelChoice::Path(path) => path.clone(),
        ModelChoice::Spec(spec) => hub::fetch(spec, fetch, &mut |m| progress(m))?,
    };
    if !weights.is_file() {
        bail!("model file `{}` does not exist", weights.display());
    }
    Ok((choice, weights))
}

fn model_identity(choice: &ModelChoice, weights: &Path) -> String {
    let size = std::fs::metadata(weights).map_or(0, |m| m.len());
    match choice {
        ModelChoice::Spec(spec) => match &spec.sha256 {
            Some(sha) => format!("{} sha256:{sha}", spec.id),
            None => format!("{} {size} bytes", spec.id),
        },
        ModelChoice::Path(path) => format!("{} {size} bytes", path.display()),
    }
}

/// Connects to the server `config`'s backend names (the serving bench measures it directly).
pub fn connect_remote(config: &EngineConfig, progress: Progress) -> Result<Remote> {
    match &config.backend {
        BackendConfig::Openai(settings) => connect(settings, config, progress),
        BackendConfig::Local => bail!("no server to connect to: the backend is local"),
    }
}

fn connect(settings: &RemoteSettings, config: &EngineConfig, progress: Progress) -> Result<Remote> {
    let var = &settings.api_key_env;
    let key = std::env::var(var)
        .ok()
        .filter(|k| !k.trim().is_empty())
        .map(|k| (k.trim().to_string(), var.clone()));
    let tokenizer = match &config.tokenizer {
        Some(path) => Some(std::sync::Arc::new(TextTokenizer::from_file(path)?)),
        None => None,
    };
    let remote = Remote::connect(
        RemoteConfig {
            endpoint: settings.endpoint.clone(),
            model: settings.api_model.clone(),
            key,
            timeout: settings.timeout.max(Duration::from_secs(1)),
            retries: settings.retries,
            context: config.context,
        },
        tokenizer,
    )?;
    progress(&format!(
        "engine: `{}` on the server at `{}`",
        remote.model(),
        remote.endpoint()
    ));
    Ok(remote)
}

/// Loads the model `resolve_model` found, with its tokenizer and chat format.
fn load_generator(
    config: &EngineConfig,
    choice: &ModelChoice,
    weights: &Path,
    progress: Progress,
) -> Result<Generator> {
    // A damaged cached file: say how to fetch it again.
    let way_out = |e: anyhow::Error| match choice {
        ModelChoice::Spec(spec) => e.context(format!(
            "model `{}` (cached at `{}`) cannot be loaded; `redacteur models pull {} --force` \
             fetches it again",
            spec.id,
            weights.display(),
            spec.id
        )),
        ModelChoice::Path(_) => e,
    };
    // One read of the GGUF's header serves the tokenizer, the chat template and the weights.
    let file = GgufFile::open(weights).map_err(way_out)?;
    supported_architecture(&file)?;
    let tokenizer = match &config.tokenizer {
        Some(path) => TextTokenizer::from_file(path)?,
        None => {
            TextTokenizer::from_gguf_metadata(weights, &file.content.metadata).map_err(way_out)?
        }
    };
    let template = match choice {
        ModelChoice::Spec(spec) => spec.chat_template,
        ModelChoice::Path(_) => ChatTemplate::Gguf,
    };
    let chat = ChatFormat::choose(template, chat_template(&file.content.metadata));
    let device = crate::device::choose(config.device)?;
    progress(&device.describe());
    let model = Model::from_gguf(file, config.context, &device.device).map_err(way_out)?;
    progress(&model.describe());
    // Before the weights are paged in: what building the tokenizer freed goes back now.
    crate::memory::release_free_memory();
    Ok(Generator::new(model, tokenizer).with_chat(chat))
}

/// How the article is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown with YAML front matter.
    Markdown,
    /// A complete HTML page.
    Html,
    /// JSON with every field, the checks and the statistics.
    Json,
}

impl Format {
    /// The file extension of the format: `md`, `html`, `json`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// One article written, checked and rendered.
pub struct Written {
    pub article: Article,
    pub report: WriteReport,
    /// The article in the format asked for.
    pub rendered: String,
    /// Why the article falls short of what was asked (too few words; with `strict`, rules
    /// still failing), if it does.
    pub shortfall: Option<String>,
}

/// Writes `source` with `engine` as `config` asks, and renders it in `format`;
/// `on_event` hears the writer's stages and the model's text.
pub fn write_one(
    engine: &mut dyn Engine,
    source: &SourceArticle,
    config: &WriteConfig,
    publication: &Publication,
    format: Format,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Written> {
    let (article, report) = writer::write_article(engine, source, config, on_event)?;
    written(article, report, config, publication, format)
}

/// `article` with its section `index` (from 0) written again from `source`, the rest as it
/// is, rendered in `format`, and what it falls short of, as `write_one` gives it.
#[allow(clippy::too_many_arguments)]
pub fn rewrite_section(
    engine: &mut dyn Engine,
    source: &SourceArticle,
    article: &Article,
    index: usize,
    config: &WriteConfig,
    publication: &Publication,
    format: Format,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Written> {
    let (article, report) =
        writer::rewrite_section(engine, source, article, index, config, on_event)?;
    written(article, report, config, publication, format)
}

/// The article rendered, and what it falls short of.
fn written(
    article: Article,
    report: WriteReport,
    config: &WriteConfig,
    publication: &Publication,
    format: Format,
) -> Result<Written> {
    let Some(check) = report.check.as_ref() else {
        bail!("the writer returned no check of its article");
    };
    let rendered = render_as(&article, &report, publication, format);
    let words = article.body_word_count();
    let headings = crate::document::Document::from(&article)
        .headings(2)
        .count();
    let failed: Vec<&str> = check.failures().map(|f| f.rule.id()).collect();
    let shortfall = if words < config.min_words {
        Some(format!(
            "the article has {words} body words, fewer than the {} asked for",
            config.min_words
        ))
    } else if headings < config.min_sections {
        Some(format!(
            "the article has {headings} subheadings, fewer than the {} asked for: the \
             gate kept no sentence under the others",
            config.min_sections
        ))
    } else if config.strict && !failed.is_empty() {
        Some(format!(
            "{} rules still fail after repair (--strict): {}",
            failed.len(),
            failed.join(", ")
        ))
    } else {
        None
    };
    Ok(Written {
        article,
        report,
        rendered,
        shortfall,
    })
}

/// `article` in `format`; the JSON carries `report`'s checks and statistics.
pub fn render_as(
    article: &Article,
    report: &WriteReport,
    publication: &Publication,
    format: Format,
) -> String {
    match format {
        Format::Markdown => render::markdown(article, publication),
        Format::Html => render::html(article, publication),
        Format::Json => render::json(article, publication, json_extra(report)),
    }
}

/// The report and statistics that the JSON output carries beside the article.
fn json_extra(report: &WriteReport) -> serde_json::Value {
    let stats = &report.stats;
    json!({
        "check": report.check,
        "draft_check": report.draft_check,
        "repairs": report.repairs,
        "program_text": report.program_text,
        "warnings": report.warnings,
        "sentences_kept": report.kept_sentences,
        "sentences_dropped": report.rejected,
        "tokens_spent": report.spent,
        "attempts": report.attempts,
        "generation": {
            "prompt_tokens": stats.prompt_tokens,
            "prefilled_tokens": stats.prefilled_tokens,
            "generated_tokens": stats.generated_tokens,
            "prefill_seconds": stats.prefill_time.as_secs_f64(),
            "decode_seconds": stats.decode_time.as_secs_f64(),
            "sampling_seconds": stats.sample_time.as_secs_f64(),
            "gate_seconds": stats.callback_time.as_secs_f64(),
            "check_seconds": report.check_time.as_secs_f64(),
            "prefill_tokens_per_second": stats.prefill_tokens_per_second(),
            "decode_tokens_per_second": stats.decode_tokens_per_second(),
            "peak_memory_bytes": crate::memory::peak_rss_bytes(),
        },
    })
}
