//! `redacteur write`: load the model, write the article of each input, check and repair it,
//! render it, and write it whole: to stdout or `-o` for one input, into `--out-dir` for a
//! batch (see `crate::batch`).

use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Result};
use serde_json::json;

use super::{
    check_writable, connect_remote, load_engine, load_resolved, model_identity, print_stdout,
    resolve_model, stats_line,
};
use crate::article::SourceArticle;
use crate::batch::{self, BatchConfig, Produced};
use crate::cli::{Backend, OutputFormat, WriteArgs};
use crate::engine::Engine;
use crate::files;
use crate::render::{self, Publication};
use crate::writer::{self, Event, WriteConfig, WriteReport};

pub fn write(args: &WriteArgs) -> Result<()> {
    crate::interrupt::install()?;
    let publication = Publication {
        date: match &args.date {
            Some(date) if render::is_date(date) => date.clone(),
            Some(date) => bail!("`--date {date}` is not a date written YYYY-MM-DD"),
            None => render::today(),
        },
        base_url: args.base_url.clone(),
        source_url: args.source_url.clone(),
    };
    if let Some(language) = &args.request.language {
        check_language(language)?;
    }
    let single = args.out_dir.is_none() && args.inputs.len() == 1 && {
        let input = &args.inputs[0];
        input.as_os_str() == "-"
            || !input.is_dir()
                && (input.exists() || !input.to_string_lossy().contains(['*', '?', '[']))
    };
    match single {
        true => write_one(args, &publication),
        false => write_batch(args, &publication),
    }
}

/// One input, to stdout or `-o`.
fn write_one(args: &WriteArgs, publication: &Publication) -> Result<()> {
    let started = Instant::now();
    let source = SourceArticle::read(&args.inputs[0])?;
    for warning in &source.warnings {
        eprintln!("warning: {warning}");
    }
    let config = write_config(args, &source)?;
    if let Some(output) = &args.output {
        check_writable(output, args.force)?;
    }
    let mut engine = load_engine(&args.model)?;
    let produced = produce(
        engine.as_mut(),
        &source,
        &config,
        args,
        publication,
        started,
    )?;
    match &args.output {
        Some(path) if args.force => files::write_atomically(path, produced.rendered.as_bytes())?,
        Some(path) => files::write_new(path, produced.rendered.as_bytes())?,
        None => print_stdout(&produced.rendered)?,
    }
    match produced.shortfall {
        Some(shortfall) => bail!("{shortfall}"),
        None => Ok(()),
    }
}

/// Makes an engine for a batch's worker.
type MakeEngine<'a> = dyn Fn() -> Result<Box<dyn Engine>> + Sync + 'a;

/// Several inputs (or a folder, or a pattern) into `--out-dir`; the model loads once, when
/// the first article needs it.
fn write_batch(args: &WriteArgs, publication: &Publication) -> Result<()> {
    let Some(out_dir) = &args.out_dir else {
        bail!("several inputs, a folder or a pattern make a batch: give --out-dir DIR");
    };
    let inputs = batch::inputs::expand(&args.inputs)?;
    let jobs = args.jobs as usize;
    // Engines the workers take turns with: made when first needed (the local model loads
    // only when an article needs it), one per job at most.
    let (model, make): (String, Box<MakeEngine>) = match args.model.backend.backend {
        Backend::Local => {
            if jobs > 1 {
                bail!(
                    "--jobs {jobs} needs --backend openai: the local model writes one article \
                     at a time (its threads already use every core)"
                );
            }
            let (choice, weights) =
                resolve_model(args.model.model.as_deref(), &args.model.fetch_config())?;
            let identity = model_identity(&choice, &weights);
            let make = move || -> Result<Box<dyn Engine>> {
                Ok(Box::new(load_resolved(&args.model, &choice, &weights)?))
            };
            (identity, Box::new(make))
        }
        Backend::Openai => {
            let remote = connect_remote(&args.model)?;
            let identity = format!("openai {} {}", remote.endpoint(), remote.model());
            let make = move || -> Result<Box<dyn Engine>> { Ok(Box::new(remote.try_clone())) };
            (identity, Box::new(make))
        }
    };
    let config = BatchConfig {
        out_dir: out_dir.clone(),
        extension: extension(args.format).to_string(),
        settings: settings_identity(args),
        model,
        force: args.force,
    };
    let idle: Mutex<Vec<Box<dyn Engine>>> = Mutex::new(Vec::new());
    let produce_one = |source: &SourceArticle| -> Result<Produced> {
        let started = Instant::now();
        let config = write_config(args, source)?;
        let taken = idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut engine = match taken {
            Some(engine) => engine,
            None => make()?,
        };
        let produced = produce(engine.as_mut(), source, &config, args, publication, started);
        idle.lock().unwrap_or_else(|p| p.into_inner()).push(engine);
        produced
    };
    let summary = batch::run(&inputs, &config, jobs, &produce_one, &|m| eprintln!("{m}"))?;
    eprint!("{}", summary.to_text(out_dir));
    if summary.interrupted {
        return Err(crate::interrupt::Interrupted.into());
    }
    match summary.problems() {
        0 => Ok(()),
        n => bail!(
            "{n} of {} inputs failed or are incomplete",
            summary.results.len()
        ),
    }
}

fn check_language(language: &str) -> Result<()> {
    match language {
        "fr" => Ok(()),
        _ => bail!(
            "language `{language}` is not supported: redacteur writes French (`--language fr`)"
        ),
    }
}

/// What the article must be: the flags, else the source's request line, else the defaults.
fn write_config(args: &WriteArgs, source: &SourceArticle) -> Result<WriteConfig> {
    let request = source.request.clone().unwrap_or_default();
    let language = args
        .request
        .language
        .clone()
        .or(request.language)
        .unwrap_or_else(|| "fr".to_string());
    check_language(&language)?;
    Ok(WriteConfig {
        min_words: args.request.min_words.or(request.min_words).unwrap_or(700),
        min_sections: args
            .request
            .min_sections
            .or(request.min_sections)
            .unwrap_or(3),
        sampling: args.sampling.to_config(),
        gate: !args.quality.no_gate,
        repair: !args.quality.no_repair,
        candidates: args.quality.candidates as usize,
        ..WriteConfig::default()
    })
}

/// Everything on the command line that shapes an article (the manifest compares it).
fn settings_identity(args: &WriteArgs) -> serde_json::Value {
    let s = &args.sampling;
    json!({
        "redacteur": env!("CARGO_PKG_VERSION"),
        "format": extension(args.format),
        "language": args.request.language,
        "min_words": args.request.min_words,
        "min_sections": args.request.min_sections,
        "temperature": s.temperature,
        "top_p": s.top_p,
        "top_k": s.top_k,
        // As typed: 1.15, not the f32's 1.149999976158142.
        "repeat_penalty": (f64::from(s.repeat_penalty) * 1e6).round() / 1e6,
        "seed": s.seed,
        "candidates": args.quality.candidates,
        "repair": !args.quality.no_repair,
        "gate": !args.quality.no_gate,
        "strict": args.quality.strict,
        "context": args.model.context,
        "tokenizer": args.model.tokenizer,
        "date": args.date,
        "base_url": args.base_url,
        "source_url": args.source_url,
    })
}

fn extension(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Md => "md",
        OutputFormat::Html => "html",
        OutputFormat::Json => "json",
    }
}

/// Writes, checks and renders one article, reporting on stderr.
fn produce(
    generator: &mut dyn Engine,
    source: &SourceArticle,
    config: &WriteConfig,
    args: &WriteArgs,
    publication: &Publication,
    started: Instant,
) -> Result<Produced> {
    eprintln!(
        "writing from `{}` ({} words): at least {} words, {} subheadings",
        source.origin,
        source.word_count(),
        config.min_words,
        config.min_sections
    );
    let stream = args.stream;
    let (article, report) =
        writer::write_article(generator, source, config, &mut |event| match event {
            Event::Stage(message) => eprintln!("{message}"),
            Event::Text(piece) if stream => {
                eprint!("{piece}");
            }
            Event::Text(_) => {}
        })?;
    if stream {
        eprintln!();
    }
    let check = report
        .check
        .clone()
        .expect("write_article checks its article");
    let rendered = match args.format {
        OutputFormat::Md => render::markdown(&article, publication),
        OutputFormat::Html => render::html(&article, publication),
        OutputFormat::Json => render::json(&article, publication, json_extra(&report)),
    };
    eprint!("{}", check.to_text());
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
    if let Some(draft) = &report.draft_check {
        eprintln!(
            "score: draft {}/100, final {}/100; repairs: {}",
            draft.score,
            check.score,
            match report.repairs.is_empty() {
                true => "none".to_string(),
                false => report.repairs.join("; "),
            }
        );
    }
    eprintln!(
        "{}",
        stats_line(&report.stats, started.elapsed().as_secs_f64())
    );
    let failed: Vec<&str> = check.failures().map(|f| f.rule).collect();
    let shortfall = if words < config.min_words {
        Some(format!(
            "the article has {words} body words, fewer than the {} asked for",
            config.min_words
        ))
    } else if args.quality.strict && !failed.is_empty() {
        Some(format!(
            "{} rules still fail after repair (--strict): {}",
            failed.len(),
            failed.join(", ")
        ))
    } else {
        None
    };
    Ok(Produced {
        rendered,
        words,
        score: check.score,
        shortfall,
        warnings: report.warnings.clone(),
    })
}

/// The report and statistics that the JSON output carries beside the article.
fn json_extra(report: &WriteReport) -> serde_json::Value {
    let stats = &report.stats;
    json!({
        "check": report.check,
        "draft_check": report.draft_check,
        "repairs": report.repairs,
        "warnings": report.warnings,
        "sentences_kept": report.kept_sentences,
        "sentences_dropped": report.rejected,
        "attempts": report.attempts,
        "generation": {
            "prompt_tokens": stats.prompt_tokens,
            "prefilled_tokens": stats.prefilled_tokens,
            "generated_tokens": stats.generated_tokens,
            "prefill_seconds": stats.prefill_time.as_secs_f64(),
            "decode_seconds": stats.decode_time.as_secs_f64(),
            "prefill_tokens_per_second": stats.prefill_tokens_per_second(),
            "decode_tokens_per_second": stats.decode_tokens_per_second(),
            "peak_memory_bytes": crate::memory::peak_rss_bytes(),
        },
    })
}
