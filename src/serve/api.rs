//! The HTTP API and the page's routes: jobs and their events, the check, the catalogue and
//! the server's health. Bodies are read up to `--max-body`; every error is JSON
//! `{error: {code, message}}`, in the CLI's words.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::broadcast::error::RecvError;

use super::guard::Guard;
use super::jobs::{Job, JobRequest, Options, Refused, Status, Store};
use super::page;
use super::worker::{prepare, Defaults, SOURCE_NAME};
use crate::hub::FetchConfig;

/// What the handlers share.
pub struct AppParts {
    pub store: Arc<Store>,
    pub defaults: Defaults,
    pub guard: Guard,
    /// The loaded model's identity.
    pub model: String,
    pub fetch: FetchConfig,
    pub started: Instant,
    pub max_body: usize,
}

#[derive(Clone)]
pub struct App(pub(super) Arc<AppParts>);

impl App {
    pub fn new(parts: AppParts) -> Self {
        Self(Arc::new(parts))
    }
}

/// An error answer.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// Seconds to wait before asking again (`Retry-After`), for a full queue.
    retry_after: Option<u64>,
}

impl Failure {
    pub(super) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = Json(json!({"error": {"code": self.code, "message": self.message}}));
        let mut response = (self.status, body).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

pub(super) type Answer = Result<Response, Failure>;

pub fn router(app: App) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/texts.js", get(page::texts))
        .route("/style.css", get(page::style))
        .route("/openapi.json", get(page::openapi))
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .route("/v1/models", get(models))
        .route("/v1/articles", post(submit).get(list))
        .route("/v1/articles/{id}", get(job).delete(cancel))
        .route("/v1/articles/{id}/events", get(events))
        .route(
            "/v1/articles/{id}/sections/{n}/repair",
            post(super::repair::repair),
        )
        .route("/v1/check", post(check))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        // Bodies are read by the handlers, up to --max-body, with a JSON 413 past it.
        .layer(DefaultBodyLimit::disable())
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(app)
}

/// The guard before every route: Host, Origin, and the token on the API's paths.
async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path.starts_with("/v1/") || path == "/health" || path == "/metrics";
    match app.0.guard.check(request.headers(), api) {
        Ok(()) => next.run(request).await,
        Err(denied) => Failure::new(
            StatusCode::from_u16(denied.status).unwrap_or(StatusCode::FORBIDDEN),
            denied.code,
            denied.message,
        )
        .into_response(),
    }
}

async fn not_found(request: Request) -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!(
            "no such route: {} {}",
            request.method(),
            request.uri().path()
        ),
    )
}

/// The body of `request`, refused past `limit` bytes.
async fn read_body(
    request: Request,
    limit: usize,
) -> Result<(axum::http::request::Parts, Bytes), Failure> {
    let too_large = || {
        Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the request body is larger than the server takes ({limit} bytes, --max-body)"),
        )
    };
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| too_large())?;
    Ok((parts, bytes))
}

fn json_of<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, Failure> {
    serde_json::from_slice(bytes).map_err(|e| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the request body is not the JSON this route takes: {e}"),
        )
    })
}

fn unprocessable(err: &anyhow::Error) -> Failure {
    Failure::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_request",
        crate::errors::user_message(err),
    )
}

async fn health(State(app): State<App>) -> Json<Value> {
    let (queued, running) = app.0.store.load();
    Json(json!({
        "status": "ok",
        "model": app.0.model,
        "queued": queued,
        "running": running,
        "uptime_seconds": app.0.started.elapsed().as_secs_f64(),
        "version": env!("CARGO_PKG_VERSION"),
    }))
}

/// `GET /metrics`: the jobs by status, the queue, and the seconds jobs ran, in Prometheus'
/// text format.
async fn metrics(State(app): State<App>) -> Response {
    let (counts, ran, seconds) = app.0.store.tally();
    let queued = counts
        .iter()
        .find(|(status, _)| *status == Status::Queued)
        .map_or(0, |(_, n)| *n);
    let mut text =
        String::from("# HELP redacteur_jobs Jobs by status.\n# TYPE redacteur_jobs gauge\n");
    for (status, count) in counts {
        let name = serde_json::to_value(status).unwrap_or_default();
        text += &format!(
            "redacteur_jobs{{status=\"{}\"}} {count}\n",
            name.as_str().unwrap_or("?")
        );
    }
    text += &format!(
        "# HELP redacteur_queue_length Jobs waiting for the model.\n\
         # TYPE redacteur_queue_length gauge\nredacteur_queue_length {queued}\n\
         # HELP redacteur_job_seconds Seconds finished jobs ran.\n\
         # TYPE redacteur_job_seconds summary\nredacteur_job_seconds_sum {seconds:.3}\n\
         redacteur_job_seconds_count {ran}\n\
         # HELP redacteur_uptime_seconds Seconds since the server started.\n\
         # TYPE redacteur_uptime_seconds gauge\nredacteur_uptime_seconds {:.3}\n",
        app.0.started.elapsed().as_secs_f64()
    );
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

async fn models(State(app): State<App>) -> Answer {
    let entries = crate::catalogue::all().map_err(|e| {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "catalogue",
            crate::errors::user_message(&e),
        )
    })?;
    let mut fetch = app.0.fetch.clone();
    fetch.offline = true;
    let default = crate::catalogue::ModelSpec::default_model().id;
    let models: Vec<Value> = entries
        .iter()
        .map(|spec| {
            json!({
                "id": spec.id,
                "name": spec.name,
                "architecture": spec.architecture,
                "quant": spec.quant,
                "size": spec.size,
                "licence": spec.licence,
                "cached": crate::hub::cached(spec, &fetch).is_some(),
                "default": spec.id == default,
            })
        })
        .collect();
    Ok(Json(json!({"loaded": app.0.model, "models": models})).into_response())
}

/// `POST /v1/articles`: JSON `{source, keyphrase, options}`, or multipart with a `source`
/// text or a `file`, and the options as fields.
async fn submit(State(app): State<App>, request: Request) -> Answer {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (parts, bytes) = read_body(request, app.0.max_body).await?;
    let job_request = match multipart {
        true => from_multipart(Request::from_parts(parts, Body::from(bytes))).await?,
        false => json_of::<JobRequest>(&bytes)?,
    };
    if job_request.repair.is_some() {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "`repair` is not asked for here: POST /v1/articles/{id}/sections/{n}/repair",
        ));
    }
    prepare(&job_request, &app.0.defaults).map_err(|e| unprocessable(&e))?;
    queue(&app, job_request)
}

/// Queues `job_request` (already checked): `202` with the job and its `Location`, or `429`
/// when the queue is full.
pub(super) fn queue(app: &App, job_request: JobRequest) -> Answer {
    let job = match app.0.store.submit(job_request) {
        Ok(Ok(job)) => job,
        Ok(Err(Refused::Full { retry_after })) => {
            return Err(Failure {
                retry_after: Some(retry_after),
                ..Failure::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "queue_full",
                    format!("the queue is full (--queue): try again in {retry_after} s"),
                )
            })
        }
        Err(e) => {
            return Err(Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "storage",
                crate::errors::user_message(&e),
            ))
        }
    };
    eprintln!("serve: job {} queued", job.id);
    let location = format!("/v1/articles/{}", job.id);
    let mut response = (StatusCode::ACCEPTED, Json(job.summary())).into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// A job request from a form: `source` (text) or `file` (a .txt, .md or .html file, read
/// as the CLI reads one), `keyphrase`, and the options by name.
async fn from_multipart(request: Request) -> Result<JobRequest, Failure> {
    let bad = |message: String| Failure::new(StatusCode::BAD_REQUEST, "invalid_form", message);
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|e| bad(format!("the form cannot be read: {e}")))?;
    let mut source = None;
    let mut keyphrase = None;
    let mut options = Options::default();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| bad(format!("the form cannot be read: {e}")))?
    {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| bad(format!("field `{name}` cannot be read: {e}")))?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_string();
        let number = |what: &str| -> Result<Option<u64>, Failure> {
            match text().as_str() {
                "" => Ok(None),
                t => t
                    .parse()
                    .map(Some)
                    .map_err(|_| bad(format!("field `{what}` is not a whole number: `{t}`"))),
            }
        };
        match name.as_str() {
            "source" if !text().is_empty() => source = Some(text()),
            "source" => {}
            // Decoded as the CLI decodes files: UTF-8, UTF-16 or Latin-1, binary refused.
            "file" if !bytes.is_empty() => {
                let decoded = crate::article::decode::decode(&bytes, SOURCE_NAME)
                    .map_err(|e| unprocessable(&e))?;
                source = Some(decoded.text);
            }
            "file" => {}
            "keyphrase" => keyphrase = Some(text()).filter(|k| !k.is_empty()),
            "words" => options.words = number("words")?.map(|n| n as usize),
            "subheadings" => options.subheadings = number("subheadings")?.map(|n| n as usize),
            "candidates" => options.candidates = number("candidates")?.map(|n| n as u32),
            "seed" => options.seed = number("seed")?,
            "format" => options.format = Some(text()).filter(|f| !f.is_empty()),
            other => return Err(bad(format!("the form has an unknown field `{other}`"))),
        }
    }
    Ok(JobRequest {
        source: source.ok_or_else(|| {
            Failure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_request",
                "`source` has no article text",
            )
        })?,
        keyphrase,
        options,
        repair: None,
    })
}

async fn list(State(app): State<App>) -> Json<Value> {
    Json(json!({"articles": app.0.store.list()}))
}

pub(super) fn unknown(id: &str) -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        "no_such_job",
        format!("no job `{id}`"),
    )
}

async fn job(State(app): State<App>, Path(id): Path<String>) -> Answer {
    let job = app.0.store.get(&id).ok_or_else(|| unknown(&id))?;
    Ok(Json(job).into_response())
}

/// Cancels a job: 200 when it is final, 202 while a running one stops. A job already
/// final is deleted (200), unless the query says `unfinished_only`, as the page's cancel
/// button does: a job that ends as the user cancels it is kept.
async fn cancel(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Answer {
    let unfinished_only = query.as_deref().unwrap_or("").split('&').any(|pair| {
        matches!(
            pair,
            "unfinished_only" | "unfinished_only=true" | "unfinished_only=1"
        )
    });
    let job = app
        .0
        .store
        .cancel(&id, !unfinished_only)
        .map_err(|e| {
            Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "storage",
                crate::errors::user_message(&e),
            )
        })?
        .ok_or_else(|| unknown(&id))?;
    let status = match job.status.is_final() {
        true => StatusCode::OK,
        false => StatusCode::ACCEPTED,
    };
    Ok((status, Json(job.summary())).into_response())
}

/// `GET /v1/articles/{id}/events`: the job as it is now (`status`), then each change
/// (`status`, `progress`), and last `done` with the whole job; the stream then ends.
async fn events(State(app): State<App>, Path(id): Path<String>) -> Answer {
    // Listening first, so that no change falls between the snapshot and the stream.
    let updates = app.0.store.subscribe();
    let job = app.0.store.get(&id).ok_or_else(|| unknown(&id))?;
    let (first, finished) = snapshot(&job);
    let store = app.0.store.clone();
    let rest = stream::unfold(
        (updates, id, finished),
        move |(mut updates, id, finished)| {
            let store = store.clone();
            async move {
                if finished {
                    return None;
                }
                loop {
                    match updates.recv().await {
                        Ok(update) if update.id == id => {
                            let done = update.event == "done";
                            let event = SseEvent::default()
                                .event(update.event)
                                .data(update.data.to_string());
                            return Some((event, (updates, id, done)));
                        }
                        Ok(_) => continue,
                        // Changes were missed: the job as it is now says all of them.
                        Err(RecvError::Lagged(_)) => {
                            let (event, done) = snapshot(&store.get(&id)?);
                            return Some((event, (updates, id, done)));
                        }
                        Err(RecvError::Closed) => return None,
                    }
                }
            }
        },
    );
    let events = stream::once(async move { first }).chain(rest);
    Ok(sse(events).into_response())
}

/// The job as it is now as one event: `done` with the whole job when it is final (and
/// `true`), else `status` with its summary.
fn snapshot(job: &Job) -> (SseEvent, bool) {
    match job.status.is_final() {
        true => (
            SseEvent::default()
                .event("done")
                .data(serde_json::to_string(job).unwrap_or_default()),
            true,
        ),
        false => (
            SseEvent::default()
                .event("status")
                .data(job.summary().to_string()),
            false,
        ),
    }
}

fn sse(
    events: impl Stream<Item = SseEvent> + Send + 'static,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    Sse::new(events.map(Ok)).keep_alive(KeepAlive::default())
}

/// What `POST /v1/check` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    /// The article, in Markdown (front matter optional) or HTML.
    article: String,
    source: Option<String>,
    keyphrase: Option<String>,
    min_words: Option<usize>,
    min_sections: Option<usize>,
}

/// `POST /v1/check`: the report `check --format json` gives, and the article's blocks with
/// their lines (for the page to show findings where they are).
async fn check(State(app): State<App>, request: Request) -> Answer {
    let (_, bytes) = read_body(request, app.0.max_body).await?;
    let asked: CheckRequest = json_of(&bytes)?;
    let answer = tokio::task::spawn_blocking(move || check_now(asked))
        .await
        .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "check", e.to_string()))??;
    Ok(Json(answer).into_response())
}

fn check_now(asked: CheckRequest) -> Result<Value, Failure> {
    let name = std::path::Path::new("article.md");
    let document = crate::seo::Document::from_text(&asked.article, name);
    if document.blocks.is_empty() {
        return Err(unprocessable(&anyhow::anyhow!(
            "`article` has no headings or paragraphs to check"
        )));
    }
    let facts = match &asked.source {
        Some(source) => Some(crate::article::Facts::from_sentences(
            crate::article::SourceArticle::from_bytes(source.as_bytes(), SOURCE_NAME)
                .map_err(|e| unprocessable(&e))?
                .sentences(),
        )),
        None => None,
    };
    let config = crate::seo::CheckConfig {
        keyphrase: asked.keyphrase.filter(|k| !k.trim().is_empty()),
        min_words: asked.min_words.unwrap_or(crate::seo::DEFAULT_MIN_WORDS),
        min_sections: asked
            .min_sections
            .unwrap_or(crate::seo::DEFAULT_MIN_SECTIONS),
    };
    let report = crate::seo::check(&document, facts.as_ref(), &config);
    Ok(json!({
        "score": report.score,
        "report": report,
        "blocks": document.blocks,
    }))
}
