//! The subcommands: each takes its parsed arguments, runs the library, and reports on stderr.

use std::io::Write;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use candle_core::Device;

use crate::article::SourceArticle;
use crate::catalogue::ModelSpec;
use crate::cli::{ModelArgs, ModelIdArgs, ModelsCommand, WriteArgs};
use crate::generate::{GenerationStats, Generator};
use crate::hub;
use crate::model::Model;
use crate::render;
use crate::tokenizer::TextTokenizer;
use crate::writer::{self, Event, WriteConfig};

/// Resolves and loads the model the arguments name (the default model if none).
pub fn load_generator(args: &ModelArgs) -> Result<Generator> {
    let spec = ModelSpec::default_model();
    let (weights, tokenizer) = match (&args.model, &args.tokenizer) {
        (Some(weights), Some(tokenizer)) => (weights.clone(), tokenizer.clone()),
        (model, tokenizer) => {
            let files = hub::fetch(&spec, &args.fetch_config(), &mut |m| eprintln!("{m}"))?;
            (
                model.clone().unwrap_or(files.weights),
                tokenizer.clone().unwrap_or(files.tokenizer),
            )
        }
    };
    if !weights.is_file() {
        bail!("model file `{}` does not exist", weights.display());
    }
    let device = Device::Cpu;
    let model = Model::load(&weights, args.context, &device)?;
    let tokenizer = TextTokenizer::from_file(&tokenizer)?;
    Ok(Generator::new(model, tokenizer))
}

pub fn write(args: &WriteArgs) -> Result<()> {
    let started = Instant::now();
    let source = SourceArticle::read(&args.input)?;
    let request = source.request.clone().unwrap_or_default();
    let language = args
        .request
        .language
        .clone()
        .or(request.language)
        .unwrap_or_else(|| "fr".to_string());
    if language != "fr" {
        bail!("language `{language}` is not supported: redacteur writes French (`--language fr`)");
    }
    let config = WriteConfig {
        min_words: args.request.min_words.or(request.min_words).unwrap_or(700),
        min_sections: args
            .request
            .min_sections
            .or(request.min_sections)
            .unwrap_or(3),
        sampling: args.sampling.to_config(),
        ..WriteConfig::default()
    };
    if let Some(output) = &args.output {
        check_writable(output)?;
    }
    let mut generator = load_generator(&args.model)?;
    eprintln!(
        "writing from `{}` ({} words): at least {} words, {} subheadings",
        source.origin,
        source.word_count(),
        config.min_words,
        config.min_sections
    );
    let stream = args.stream;
    let (article, report) =
        writer::write_article(&mut generator, &source, &config, &mut |event| match event {
            Event::Stage(message) => eprintln!("{message}"),
            Event::Text(piece) if stream => {
                eprint!("{piece}");
            }
            Event::Text(_) => {}
        })?;
    if stream {
        eprintln!();
    }
    let markdown = render::markdown(&article);
    match &args.output {
        Some(path) => hub::write_atomically(path, markdown.as_bytes())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(markdown.as_bytes())
                .context("writing the article to stdout")?;
            stdout.flush().context("writing the article to stdout")?;
        }
    }
    let words = article.body_word_count();
    eprintln!(
        "article: {words} body words, {} subheadings, {} sentences kept, dropped: {}",
        article.sections.len(),
        report.kept_sentences,
        match report.rejected.is_empty() {
            true => "none".to_string(),
            false => report
                .rejected
                .iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    );
    eprintln!(
        "{}",
        stats_line(&report.stats, started.elapsed().as_secs_f64())
    );
    if words < config.min_words {
        bail!(
            "the article has {words} body words, fewer than the {} asked for",
            config.min_words
        );
    }
    Ok(())
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

/// Fails early, before any generation, when the output's folder does not exist.
fn check_writable(path: &std::path::Path) -> Result<()> {
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
    Ok(())
}

pub fn models(command: &ModelsCommand) -> Result<()> {
    let (args, offline) = match command {
        ModelsCommand::Pull(args) => (args, false),
        ModelsCommand::Path(args) => (args, true),
    };
    let spec = resolve_id(args)?;
    let mut config = hub::FetchConfig::from_env();
    if let Some(dir) = &args.cache_dir {
        config.cache_dir = dir.clone();
    }
    config.offline |= offline;
    let files = hub::fetch(&spec, &config, &mut |m| eprintln!("{m}"))?;
    println!("{}", files.weights.display());
    println!("{}", files.tokenizer.display());
    Ok(())
}

fn resolve_id(args: &ModelIdArgs) -> Result<ModelSpec> {
    let spec = ModelSpec::default_model();
    match &args.id {
        Some(id) if *id != spec.id => bail!("unknown model `{id}` (known: `{}`)", spec.id),
        _ => Ok(spec),
    }
}
