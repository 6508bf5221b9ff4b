//! `POST /v1/articles/{id}/sections/{n}/repair`: one section of a finished job's article
//! written again, as a new job of the queue from the same source and options.

use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::api::{queue, unknown, Answer, App, Failure};
use super::job::SectionRepair;
use super::jobs::Status;
use crate::document::Article;

/// Queues section `n` (from 1) of job `id`'s article to be written again: `202` with the new
/// job; `404` for no such job or section, `409` for a job without its article yet.
pub async fn repair(State(app): State<App>, Path((id, n)): Path<(String, String)>) -> Answer {
    let job = app.0.store.get(&id).ok_or_else(|| unknown(&id))?;
    let result = match (&job.status, &job.result) {
        (Status::Done, Some(result)) => result,
        (status, _) => {
            let status = serde_json::to_value(status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            return Err(Failure::new(
                StatusCode::CONFLICT,
                "not_done",
                format!("job `{id}` has no article to repair: it is {status}"),
            ));
        }
    };
    let article: Article = serde_json::from_value(result.json.clone()).map_err(|e| {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage",
            format!("job `{id}`'s article cannot be read back: {e}"),
        )
    })?;
    let count = article.sections.len();
    let section = n
        .parse::<usize>()
        .ok()
        .filter(|s| (1..=count).contains(s))
        .ok_or_else(|| {
            Failure::new(
                StatusCode::NOT_FOUND,
                "no_such_section",
                format!(
                    "job `{id}`'s article has sections 1 to {count}: there is no section `{n}`"
                ),
            )
        })?;
    let mut request = job.request.clone();
    request.repair = Some(SectionRepair {
        of: id,
        section,
        article,
    });
    queue(&app, request)
}
