//! `redacteur write`: load the model, write the article, check and repair it, render it.

use std::time::Instant;

use anyhow::{bail, Result};
use serde_json::json;

use super::{check_writable, load_generator, print_stdout, stats_line};
use crate::article::SourceArticle;
use crate::cli::{OutputFormat, WriteArgs};
use crate::hub;
use crate::render::{self, Publication};
use crate::writer::{self, Event, WriteConfig, WriteReport};

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
    let publication = Publication {
        date: match &args.date {
            Some(date) if render::is_date(date) => date.clone(),
            Some(date) => bail!("`--date {date}` is not a date written YYYY-MM-DD"),
            None => render::today(),
        },
        base_url: args.base_url.clone(),
        source_url: args.source_url.clone(),
    };
    let config = WriteConfig {
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
    let check = report
        .check
        .clone()
        .expect("write_article checks its article");
    let rendered = match args.format {
        OutputFormat::Md => render::markdown(&article, &publication),
        OutputFormat::Html => render::html(&article, &publication),
        OutputFormat::Json => render::json(&article, &publication, json_extra(&report)),
    };
    match &args.output {
        Some(path) => hub::write_atomically(path, rendered.as_bytes())?,
        None => print_stdout(&rendered)?,
    }
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
    if words < config.min_words {
        bail!(
            "the article has {words} body words, fewer than the {} asked for",
            config.min_words
        );
    }
    let failed: Vec<&str> = check.failures().map(|f| f.rule).collect();
    if args.quality.strict && !failed.is_empty() {
        bail!(
            "{} rules still fail after repair (--strict): {}",
            failed.len(),
            failed.join(", ")
        );
    }
    Ok(())
}

/// The report and statistics that the JSON output carries beside the article.
fn json_extra(report: &WriteReport) -> serde_json::Value {
    let stats = &report.stats;
    json!({
        "check": report.check,
        "draft_check": report.draft_check,
        "repairs": report.repairs,
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
