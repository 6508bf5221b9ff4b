//! `redacteur serve`: the editors' page and the HTTP API on this machine. One engine is
//! loaded once and runs on a thread of its own; jobs queue in front of it (`jobs`), the API
//! and the page are served by axum on tokio (`api`, `page`), behind the guard (`guard`).

mod api;
mod guard;
mod job;
pub mod jobs;
mod page;
mod repair;
mod retry;
mod worker;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};

pub use guard::Guard;
pub use worker::Defaults;

use crate::pipeline::{self, EngineConfig};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub token: Option<String>,
    /// Where jobs are kept (`jobs/` in it).
    pub data_dir: PathBuf,
    /// Jobs that may wait.
    pub queue: usize,
    /// Days a finished job is kept; for ever when `None`.
    pub keep_days: Option<f64>,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// Whether the log may quote articles.
    pub log_text: bool,
}

/// Loads the engine, opens the jobs, and serves until a signal stops the server. A job still
/// running then is queued again at the next start.
pub fn run(engine: &EngineConfig, config: ServeConfig, defaults: Defaults) -> Result<()> {
    // Refused before anything is loaded: an open address without a token.
    let guard = Guard::new(config.listen, config.token.clone())?;
    let jobs_dir = config.data_dir.join("jobs");
    let (store, requeued) = jobs::Store::open(
        &jobs_dir,
        config.queue,
        config.keep_days.map(|d| d * 86_400.0),
    )?;
    let store = Arc::new(store);
    let progress = |m: &str| eprintln!("{m}");
    let prepared = pipeline::prepare(engine, &progress)?;
    let model = prepared.identity().to_string();
    let loaded = prepared.engine(&progress)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("listening on {}", config.listen))?;
        let addr = listener.local_addr()?;
        let app = api::App::new(api::AppParts {
            store: store.clone(),
            defaults: defaults.clone(),
            guard: guard.with_port(addr.port()),
            model,
            fetch: engine.fetch.clone(),
            started: Instant::now(),
            max_body: config.max_body,
        });
        let worker_store = store.clone();
        let log_text = config.log_text;
        std::thread::Builder::new()
            .name("engine".into())
            .spawn(move || worker::run(worker_store, loaded, defaults, log_text))
            .context("starting the engine's thread")?;
        eprintln!(
            "serve: listening on http://{addr} (jobs in `{}`; {requeued} unfinished jobs queued \
             again; queue of {})",
            jobs_dir.display(),
            config.queue
        );
        let server = axum::serve(listener, api::router(app));
        tokio::select! {
            result = server => result.context("serving")?,
            () = stopped() => eprintln!(
                "serve: stopping; a job still running is queued again at the next start"
            ),
        }
        store.close();
        Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
