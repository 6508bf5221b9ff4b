//! `redacteur write`: load the model, write the article of each input, check and repair it,
//! render it, and write it whole: to stdout or `-o` for one input, into `--out-dir` for a
//! batch (see `crate::batch`).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Result};
use serde_json::json;

use super::progress::Progress;
use super::{check_writable, print_stdout, stats_line, time_line, to_stderr};
use crate::article::SourceArticle;
use crate::batch::{self, BatchConfig, Produced};
use crate::cli::{Backend, WriteArgs};
use crate::engine::Engine;
use crate::files;
use crate::pipeline;
use crate::render::{self, Publication};
use crate::writer::{check_language, Event, WriteConfig};

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
    // Bad addresses are refused before anything is read or loaded.
    args.write_config()?;
    if let Some(trace) = &args.trace {
        super::trace::start(trace)?;
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
    let mut engine = pipeline::load(&args.model.to_config(), &to_stderr)?;
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
    if args.model.backend.backend == Backend::Local && jobs > 1 {
        bail!(
            "--jobs {jobs} needs --backend openai: the local model writes one article at a time \
             (its threads already use every core)"
        );
    }
    let prepared = pipeline::prepare(&args.model.to_config(), &to_stderr)?;
    let config = BatchConfig {
        out_dir: out_dir.clone(),
        extension: args.format.to_format().extension().to_string(),
        settings: settings_identity(args),
        model: prepared.identity().to_string(),
        force: args.force,
    };
    let idle: Mutex<Vec<Box<dyn Engine>>> = Mutex::new(Vec::new());
    let produce_one = |source: &SourceArticle| -> Result<Produced> {
        let started = Instant::now();
        let config = write_config(args, source)?;
        let taken = idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut engine = match taken {
            Some(engine) => engine,
            None => prepared.engine(&to_stderr)?,
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

/// What the article must be: the flags, else the source's request line, else the defaults.
fn write_config(args: &WriteArgs, source: &SourceArticle) -> Result<WriteConfig> {
    let request = source.request.clone().unwrap_or_default();
    args.write_config()?
        .resolve(&request, &args.request.to_request())
}

/// Everything on the command line that shapes an article (the manifest compares it).
fn settings_identity(args: &WriteArgs) -> serde_json::Value {
    let s = &args.sampling;
    let mut settings = json!({
        "redacteur": env!("CARGO_PKG_VERSION"),
        "format": args.format.to_format().extension(),
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
        "image": args.image,
        "image_alt": args.image_alt,
    });
    // Only when given: manifests written before the flag existed still match.
    if let Some(keyphrase) = &args.keyphrase {
        settings["keyphrase"] = json!(keyphrase);
    }
    settings
}

/// Writes, checks and renders one article, reporting on stderr.
fn produce(
    engine: &mut dyn Engine,
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
    // The bar is redrawn in place: only on a terminal, and not over streamed text.
    let bar = !stream && std::io::stderr().is_terminal();
    let mut progress = Progress::new(config.min_words, bar);
    let mut trace = match &args.trace {
        Some(path) => Some(super::trace::Trace::open(path, &source.origin)?),
        None => None,
    };
    let written = pipeline::write_one(
        engine,
        source,
        config,
        publication,
        args.format.to_format(),
        &mut |event| {
            if let Some(trace) = &mut trace {
                trace.record(&event);
            }
            match event {
                Event::Stage(message) => progress.stage(&message),
                Event::Words { kept, target } => progress.words(kept, target),
                Event::Work { done, total } => progress.work(done, total),
                Event::Text(piece) if stream => {
                    eprint!("{piece}");
                }
                _ => {}
            }
        },
    )?;
    if let Some(trace) = trace {
        trace.finish()?;
    }
    progress.finish();
    if stream {
        eprintln!();
    }
    let (article, report) = (&written.article, &written.report);
    let check = report
        .check
        .as_ref()
        .expect("write_one returns checked articles");
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
    let program = &report.program_text;
    eprintln!(
        "program-written: {} of {words} body words ({:.1} %){}",
        program.body_words,
        program.share() * 100.0,
        match program.pieces.is_empty() {
            true => String::new(),
            false => format!("; {}", program.pieces.join("; ")),
        }
    );
    let wall = started.elapsed().as_secs_f64();
    eprintln!("{}", stats_line(&report.stats, wall));
    eprintln!(
        "tokens: {} generated: {}",
        report.stats.generated_tokens,
        report.spent.summary(4)
    );
    eprintln!("{}", time_line(&report.stats, report.check_time, wall));
    Ok(Produced {
        words,
        score: check.score,
        warnings: report.warnings.clone(),
        rendered: written.rendered,
        shortfall: written.shortfall,
    })
}
