//! The engine's thread: takes the queued jobs one at a time and writes their articles with
//! the one engine loaded at start, each job under its own stop flag; and what a job's request
//! means as a source and writer settings (the API checks it so before queueing it).

use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Result};

use super::jobs::{ApiError, Claim, JobRequest, JobResult, Store};
use crate::article::SourceArticle;
use crate::engine::Engine;
use crate::pipeline::{self, Format};
use crate::render::Publication;
use crate::writer::{Event, WriteConfig};

/// What every job starts from: the writer's settings given to `serve`, and the publication's
/// (an empty date is the day each job is written).
#[derive(Debug, Clone)]
pub struct Defaults {
    pub write: WriteConfig,
    pub publication: Publication,
}

/// How the source is named in messages, as a file is by the CLI.
pub const SOURCE_NAME: &str = "source";

/// The source of a request, read as the CLI reads a file, and the settings its options,
/// its request line and the defaults give, in that order. Its errors are the CLI's words.
pub fn prepare(request: &JobRequest, defaults: &Defaults) -> Result<(SourceArticle, WriteConfig)> {
    let source = SourceArticle::from_bytes(request.source.as_bytes(), SOURCE_NAME)?;
    let options = &request.options;
    if let Some(format) = options.format.as_deref() {
        if !["md", "html", "json"].contains(&format) {
            bail!("options.format `{format}` is not one of md, html, json");
        }
    }
    let mut config = defaults.write.clone();
    if let Some(candidates) = options.candidates {
        if !(1..=16).contains(&candidates) {
            bail!("options.candidates {candidates} is not between 1 and 16");
        }
        config.candidates = candidates as usize;
    }
    if let Some(seed) = options.seed {
        config.sampling.seed = seed;
    }
    if options.words == Some(0) {
        bail!("options.words must be at least 1");
    }
    if let Some(keyphrase) = request.keyphrase.as_deref().map(str::trim) {
        if !keyphrase.is_empty() {
            config.keyphrase = Some(keyphrase.to_string());
        }
    }
    let overrides = crate::article::ArticleRequest {
        min_words: options.words,
        min_sections: options.subheadings,
        ..Default::default()
    };
    let config = config.resolve(&source.request.clone().unwrap_or_default(), &overrides)?;
    Ok((source, config))
}

/// Runs the queued jobs until the store closes.
pub fn run(store: Arc<Store>, mut engine: Box<dyn Engine>, defaults: Defaults, log_text: bool) {
    while let Some(claim) = store.claim() {
        let started = Instant::now();
        eprintln!("serve: job {} running", claim.id);
        let stop = claim.stop.clone();
        let outcome = crate::interrupt::scoped(stop, || {
            write(&store, engine.as_mut(), &claim, &defaults, log_text)
        });
        let stopped = matches!(&outcome, Err(e) if crate::interrupt::is_interrupted(e));
        let outcome = outcome.map_err(|e| ApiError {
            code: "write_failed".into(),
            message: crate::errors::user_message(&e),
        });
        match (&outcome, stopped) {
            (_, true) => eprintln!("serve: job {} cancelled", claim.id),
            (Ok(result), _) => eprintln!(
                "serve: job {} done in {:.1} s: {} words, score {}/100{}",
                claim.id,
                started.elapsed().as_secs_f64(),
                result.words,
                result.score,
                match &result.shortfall {
                    Some(why) => format!(", incomplete: {why}"),
                    None => String::new(),
                }
            ),
            (Err(e), _) => eprintln!("serve: job {} failed: {}", claim.id, e.message),
        }
        store.finish(&claim.id, outcome, stopped);
    }
}

/// Writes one job's article, telling its progress to the store.
fn write(
    store: &Store,
    engine: &mut dyn Engine,
    claim: &Claim,
    defaults: &Defaults,
    log_text: bool,
) -> Result<JobResult> {
    let (source, config) = prepare(&claim.request, defaults)?;
    let mut publication = defaults.publication.clone();
    if publication.date.is_empty() {
        publication.date = crate::render::today();
    }
    let publication = &publication;
    let started = Instant::now();
    let id = claim.id.as_str();
    store.progress(id, |p| p.target = config.min_words);
    let mut on_event = |event: Event<'_>| {
        let elapsed = started.elapsed().as_secs_f64();
        match event {
            Event::Stage(message) => {
                if log_text {
                    eprintln!("serve: job {id}: {message}");
                }
                store.progress(id, |p| {
                    p.stage = message;
                    p.elapsed_seconds = elapsed;
                });
            }
            Event::Section { number, count } => store.progress(id, |p| {
                p.section = Some(number);
                p.sections = Some(count);
                p.elapsed_seconds = elapsed;
            }),
            Event::Words { kept, target } => store.progress(id, |p| {
                p.words = kept;
                p.target = target;
                p.elapsed_seconds = elapsed;
            }),
            // The time left is told from the draft's work, as `write`'s progress line tells
            // it: a short source never reaches the words asked for.
            Event::Work { done, total } => store.progress(id, |p| {
                p.elapsed_seconds = elapsed;
                p.eta_seconds = crate::eta::left(done, total, elapsed).filter(|_| done < total);
            }),
            Event::Text(_) | Event::Candidate(_) | Event::Fact { .. } => {}
        }
    };
    let written = match &claim.request.repair {
        None => pipeline::write_one(
            engine,
            &source,
            &config,
            publication,
            Format::Markdown,
            &mut on_event,
        )?,
        Some(repair) => pipeline::rewrite_section(
            engine,
            &source,
            &repair.article,
            repair.section - 1,
            &config,
            publication,
            Format::Markdown,
            &mut on_event,
        )?,
    };
    let (article, report) = (&written.article, &written.report);
    let check = report.check.as_ref();
    let json = pipeline::render_as(article, report, publication, Format::Json);
    let mut warnings = source.warnings.clone();
    warnings.extend(report.warnings.iter().cloned());
    Ok(JobResult {
        html: pipeline::render_as(article, report, publication, Format::Html),
        json: serde_json::from_str(&json)?,
        markdown: written.rendered,
        words: article.body_word_count(),
        score: check.map_or(0, |c| c.score),
        shortfall: written.shortfall,
        warnings,
    })
}
