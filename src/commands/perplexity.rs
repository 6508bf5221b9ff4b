//! `redacteur perplexity`: a model's perplexity on a text at one or more context sizes.

use std::path::Path;

use anyhow::{Context, Result};

use super::{print_stdout, to_stderr};
use crate::cli::{PerplexityArgs, ReportFormat};
use crate::model::Model;
use crate::perplexity::{perplexity as measure, Perplexity};
use crate::{files, pipeline};

pub fn perplexity(args: &PerplexityArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.text)
        .with_context(|| format!("reading `{}` as UTF-8 text", args.text.display()))?;
    let largest = args.ctx.iter().copied().max().unwrap_or(512);
    let mut config = args.model.to_config();
    config.context = config.context.max(largest);
    let why = "perplexity needs the model's probabilities of every token of the text, which \
               an OpenAI-compatible server does not give";
    let (mut model, tokenizer) = pipeline::load_local(&config, why, &to_stderr)?.into_parts();
    let tokens = tokenizer.encode(&text)?;
    let plain = tokenizer.encode_plain(&text)?;
    // The model's start token, when its tokenizer adds one (llama.cpp puts it at each chunk).
    let bos = (tokens.len() > plain.len()).then(|| tokens[0]);
    if let (Some(path), Some(&n_ctx)) = (&args.logits, args.ctx.first()) {
        write_logits(&mut model, &tokens, bos, n_ctx, path)?;
    }
    let mut results: Vec<Perplexity> = Vec::new();
    for &n_ctx in &args.ctx {
        let started = std::time::Instant::now();
        let result = measure(&mut model, &tokens, bos, n_ctx, args.chunks)
            .with_context(|| format!("`{}` at n_ctx {n_ctx}", args.text.display()))?;
        eprintln!(
            "n_ctx {n_ctx}: {} chunks, {} tokens scored in {:.1} s",
            result.chunks,
            result.scored,
            started.elapsed().as_secs_f64()
        );
        results.push(result);
    }
    match args.output {
        ReportFormat::Json => print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({
                "text": args.text.display().to_string(),
                "tokens": tokens.len(),
                "results": results,
            }))?
        )),
        ReportFormat::Text => {
            let mut out = format!("{} tokens\n", tokens.len());
            for r in &results {
                let running: Vec<String> = r
                    .running
                    .iter()
                    .enumerate()
                    .map(|(i, v)| format!("[{}]{v:.4}", i + 1))
                    .collect();
                out.push_str(&format!(
                    "n_ctx {}: PPL = {:.4} over {} chunks ({} tokens scored) {}\n",
                    r.n_ctx,
                    r.value,
                    r.chunks,
                    r.scored,
                    running.join(",")
                ));
            }
            print_stdout(&out)
        }
    }
}

/// The logits of every position of the first `n_ctx` tokens (the start token first, as a
/// chunk is scored), to `path` as f32 little-endian, and their ids to `path.json`.
fn write_logits(
    model: &mut Model,
    tokens: &[u32],
    bos: Option<u32>,
    n_ctx: usize,
    path: &Path,
) -> Result<()> {
    anyhow::ensure!(
        tokens.len() >= n_ctx,
        "the text has {} tokens, fewer than one chunk of {n_ctx}",
        tokens.len()
    );
    let mut ids = tokens[..n_ctx].to_vec();
    if let Some(bos) = bos {
        ids[0] = bos;
    }
    let mut bytes = Vec::new();
    model.clear_cache();
    model.forward_rows(&ids, 0, 0..n_ctx, &mut |_, logits| {
        bytes.extend(logits.iter().flat_map(|x| x.to_le_bytes()));
        Ok(())
    })?;
    model.clear_cache();
    let ids_path = path.with_extension(match path.extension() {
        Some(e) => format!("{}.json", e.to_string_lossy()),
        None => "json".into(),
    });
    files::write_atomically(path, &bytes)
        .with_context(|| format!("writing the logits to `{}`", path.display()))?;
    files::write_atomically(&ids_path, serde_json::to_string(&ids)?.as_bytes())
        .with_context(|| format!("writing the token ids to `{}`", ids_path.display()))?;
    Ok(())
}
