//! `redacteur bench`: speed tests (one child process per model and thread count) or the
//! article pipeline (`--article`), printed as one table.

use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use super::{print_stdout, to_stderr};
use crate::article::ArticleRequest;
use crate::article::SourceArticle;
use crate::bench::article::{self, ArticleResult};
use crate::bench::concurrency;
use crate::bench::report::{self, Format};
use crate::bench::{measure_speed, SpeedResult, SpeedTest};
use crate::cli::{Backend, BenchArgs, BenchFormat};
use crate::pipeline;
use crate::sampling::SamplingConfig;
use crate::writer::WriteConfig;

pub fn bench(args: &BenchArgs) -> Result<()> {
    let models: Vec<Option<String>> = match args.model.is_empty() {
        true => vec![None],
        false => args.model.iter().cloned().map(Some).collect(),
    };
    if args.worker {
        return worker(args, &models);
    }
    if args.backend.backend == Backend::Openai {
        return serving(args);
    }
    let (speed, articles) = match args.article.is_empty() {
        true => (speed(args, &models)?, Vec::new()),
        false => (Vec::new(), articles(args, &models)?),
    };
    print_stdout(&report::render(format(args), &speed, &articles))
}

fn format(args: &BenchArgs) -> Format {
    match args.output {
        BenchFormat::Md => Format::Markdown,
        BenchFormat::Csv => Format::Csv,
        BenchFormat::Json => Format::Json,
    }
}

/// `--backend openai`: the server's throughput at each `--jobs` concurrency.
fn serving(args: &BenchArgs) -> Result<()> {
    if !args.article.is_empty() {
        // The article pipeline runs through the server like the local model.
        let rows = articles(args, std::slice::from_ref(&args.backend.api_model))?;
        return print_stdout(&report::render(format(args), &[], &rows));
    }
    let remote = pipeline::connect_remote(&args.engine_config(None), &to_stderr)?;
    let prompt_tokens = args.prompt.first().copied().unwrap_or(512).max(1);
    let generate = args.generate.first().copied().unwrap_or(128).max(1);
    let prompt = concurrency::prompt_of(prompt_tokens);
    let mut rows = Vec::new();
    for &jobs in &args.jobs {
        eprintln!(
            "measuring {jobs} concurrent requests, {} each: about {prompt_tokens} prompt tokens, {generate} generated",
            args.repetitions
        );
        rows.push(concurrency::measure(
            &remote,
            jobs.max(1),
            args.repetitions.max(1),
            &prompt,
            generate,
        )?);
    }
    print_stdout(&concurrency::render(format(args), &rows))
}

fn tests(args: &BenchArgs) -> Vec<SpeedTest> {
    let prompts = args
        .prompt
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| SpeedTest::Prompt(n));
    let generations = args
        .generate
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| SpeedTest::Generate(n));
    let branched = args.generate.iter().filter(|&&n| n > 0).flat_map(|&n| {
        args.branches
            .iter()
            .filter(|&&k| k > 1)
            .map(move |&k| SpeedTest::Branches(n, k))
    });
    prompts.chain(generations).chain(branched).collect()
}

fn display_id(model: &Option<String>) -> String {
    model
        .clone()
        .unwrap_or_else(|| crate::catalogue::DEFAULT_MODEL.to_string())
}

/// In the child: measures one model with this process's thread pool; JSON lines on stdout.
fn worker(args: &BenchArgs, models: &[Option<String>]) -> Result<()> {
    let [model] = models else {
        bail!("a bench worker measures exactly one model");
    };
    let fetch = args.cache.fetch_config(args.offline);
    let (_, path) = pipeline::resolve_model(model.as_deref(), &fetch, &to_stderr)?;
    let device = crate::device::choose(args.device.device)?;
    eprintln!("{}", device.describe());
    let rows = measure_speed(
        &display_id(model),
        &path,
        &tests(args),
        args.repetitions,
        args.context,
        &device,
        args.latin_only,
    )?;
    let lines: Vec<String> = rows
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<_, _>>()?;
    print_stdout(&(lines.join("\n") + "\n"))
}

/// Runs a worker per model and thread count, and gathers their rows.
fn speed(args: &BenchArgs, models: &[Option<String>]) -> Result<Vec<SpeedResult>> {
    if tests(args).is_empty() {
        bail!("nothing to measure: -p and -n are both 0");
    }
    let threads: Vec<Option<usize>> = match args.threads.is_empty() {
        true => vec![None],
        false => args.threads.iter().map(|&t| Some(t)).collect(),
    };
    let exe = std::env::current_exe().context("finding redacteur's own executable")?;
    let mut rows = Vec::new();
    for model in models {
        // Fetch once here, so that children only read the cache.
        let fetch = args.cache.fetch_config(args.offline);
        pipeline::resolve_model(model.as_deref(), &fetch, &to_stderr)?;
        for &thread_count in &threads {
            let list = |values: &[usize]| {
                values
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let mut command = Command::new(&exe);
            command
                .args(["bench", "--worker", "--offline", "-m", &display_id(model)])
                .args(["-p", &list(&args.prompt), "-n", &list(&args.generate)])
                .args(["-r", &args.repetitions.to_string()])
                .args(["--context", &args.context.to_string()])
                .args(["--device", &args.device.device.to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit());
            if let Some(dir) = &args.cache.cache_dir {
                command.arg("--cache-dir").arg(dir);
            }
            if args.latin_only {
                command.arg("--latin-only");
            }
            if !args.branches.is_empty() {
                command.args(["-b", &list(&args.branches)]);
            }
            if let Some(t) = thread_count {
                command
                    .env("RAYON_NUM_THREADS", t.to_string())
                    .env("CANDLE_NUM_THREADS", t.to_string());
            }
            eprintln!(
                "measuring `{}` with {} threads",
                display_id(model),
                thread_count.map_or("all".to_string(), |t| t.to_string())
            );
            let output = command.output().context("starting a bench worker")?;
            if !output.status.success() {
                bail!(
                    "the bench worker for `{}` failed ({})",
                    display_id(model),
                    output.status
                );
            }
            for line in String::from_utf8_lossy(&output.stdout).lines() {
                rows.push(serde_json::from_str(line).context("reading a bench worker's row")?);
            }
        }
    }
    Ok(rows)
}

/// Writes every input with every model and setting.
fn articles(args: &BenchArgs, models: &[Option<String>]) -> Result<Vec<ArticleResult>> {
    let sources = args
        .article
        .iter()
        .map(|path| SourceArticle::read(path))
        .collect::<Result<Vec<_>>>()?;
    let mut rows = Vec::new();
    for model in models {
        let mut engine = pipeline::load(&args.engine_config(model.clone()), &to_stderr)?;
        for &candidates in &args.candidates {
            let setting = format!("candidates {candidates}");
            for source in &sources {
                let request = source.request.clone().unwrap_or_default();
                let config = WriteConfig {
                    sampling: SamplingConfig {
                        seed: args.seed,
                        ..SamplingConfig::default()
                    },
                    candidates: candidates as usize,
                    ..WriteConfig::default()
                }
                .resolve(&request, &ArticleRequest::default())?;
                eprintln!(
                    "writing `{}` with `{}`, {setting}",
                    source.origin,
                    display_id(model)
                );
                rows.push(article::run(
                    engine.as_mut(),
                    &display_id(model),
                    &setting,
                    source,
                    &config,
                )?);
            }
        }
    }
    Ok(rows)
}
