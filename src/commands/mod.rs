//! The subcommands: each takes its parsed arguments, runs the library, and reports on stderr.
//! Helpers they share live here.

mod bench;
mod check;
mod models;
mod perplexity;
mod write;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

pub use bench::bench;
pub use check::check;
pub use models::models;
pub use perplexity::perplexity;
pub use write::write;

use crate::catalogue::{ChatTemplate, ModelChoice, ModelSpec};
use crate::chat::ChatFormat;
use crate::cli::{Backend, ModelArgs};
use crate::engine::Engine;
use crate::generate::{GenerationStats, Generator};
use crate::hub;
use crate::model::{supported_architecture, GgufFile, Model};
use crate::remote::{Remote, RemoteConfig};
use crate::tokenizer::{chat_template, TextTokenizer};

/// What `--model` names (the default model if nothing), and its GGUF file on disk, fetched
/// if need be.
pub fn resolve_model(
    model: Option<&str>,
    config: &hub::FetchConfig,
) -> Result<(ModelChoice, PathBuf)> {
    let choice = match model {
        Some(model) => ModelChoice::parse(model)?,
        None => ModelChoice::Spec(Box::new(ModelSpec::default_model())),
    };
    let weights = match &choice {
        ModelChoice::Path(path) => path.clone(),
        ModelChoice::Spec(spec) => hub::fetch(spec, config, &mut |m| eprintln!("{m}"))?,
    };
    if !weights.is_file() {
        bail!("model file `{}` does not exist", weights.display());
    }
    Ok((choice, weights))
}

/// Resolves and loads the model the arguments name (the default model if none).
pub fn load_generator(args: &ModelArgs) -> Result<Generator> {
    let (choice, weights) = resolve_model(args.model.as_deref(), &args.fetch_config())?;
    load_resolved(args, &choice, &weights)
}

/// The engine the arguments name: the local model (loaded), or the server (connected).
pub fn load_engine(args: &ModelArgs) -> Result<Box<dyn Engine>> {
    match args.backend.backend {
        Backend::Local => Ok(Box::new(load_generator(args)?)),
        Backend::Openai => Ok(Box::new(connect_remote(args)?)),
    }
}

/// Connects to the OpenAI-compatible server of `--endpoint`.
pub fn connect_remote(args: &ModelArgs) -> Result<Remote> {
    let backend = &args.backend;
    let var = &backend.api_key_env;
    let key = std::env::var(var)
        .ok()
        .filter(|k| !k.trim().is_empty())
        .map(|k| (k.trim().to_string(), var.clone()));
    let tokenizer = match &args.tokenizer {
        Some(path) => Some(std::sync::Arc::new(TextTokenizer::from_file(path)?)),
        None => None,
    };
    let remote = Remote::connect(
        RemoteConfig {
            endpoint: backend.endpoint.clone(),
            model: backend.api_model.clone(),
            key,
            timeout: std::time::Duration::from_secs(backend.timeout.max(1)),
            retries: backend.retries,
            context: args.context,
        },
        tokenizer,
    )?;
    eprintln!(
        "engine: `{}` on the server at `{}`",
        remote.model(),
        remote.endpoint()
    );
    Ok(remote)
}

/// What identifies a model's weights in a batch's manifest: the catalogue id and checksum,
/// or the file's path and size.
pub fn model_identity(choice: &ModelChoice, weights: &std::path::Path) -> String {
    let size = std::fs::metadata(weights).map_or(0, |m| m.len());
    match choice {
        ModelChoice::Spec(spec) => match &spec.sha256 {
            Some(sha) => format!("{} sha256:{sha}", spec.id),
            None => format!("{} {size} bytes", spec.id),
        },
        ModelChoice::Path(path) => format!("{} {size} bytes", path.display()),
    }
}

/// Loads the model `resolve_model` found.
pub fn load_resolved(
    args: &ModelArgs,
    choice: &ModelChoice,
    weights: &std::path::Path,
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
    let tokenizer = match &args.tokenizer {
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
    let device = crate::device::choose(args.device.device)?;
    eprintln!("{}", device.describe());
    let model = Model::from_gguf(file, args.context, &device.device).map_err(way_out)?;
    // Before the weights are paged in: what building the tokenizer freed goes back now.
    crate::memory::release_free_memory();
    Ok(Generator::new(model, tokenizer).with_chat(chat))
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
