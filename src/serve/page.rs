//! The editors' page, embedded in the binary (HTML, CSS and script, no network, no build
//! step), and the OpenAPI document of the API; served with a content policy that lets the
//! page load nothing but its own files.

use axum::http::header;
use axum::response::IntoResponse;

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const TEXTS: &str = include_str!("page/texts.js");
const STYLE: &str = include_str!("page/style.css");
const OPENAPI: &str = include_str!("openapi.json");

/// The page's own files only; nothing inline, nothing from elsewhere, never in a frame.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
                      connect-src 'self'; img-src 'self' data:; form-action 'self'; \
                      base-uri 'none'; frame-ancestors 'none'";

fn file(kind: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CONTENT_SECURITY_POLICY, POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}

pub async fn index() -> impl IntoResponse {
    file("text/html; charset=utf-8", INDEX)
}

pub async fn script() -> impl IntoResponse {
    file("text/javascript; charset=utf-8", SCRIPT)
}

/// The page's words, French and English.
pub async fn texts() -> impl IntoResponse {
    file("text/javascript; charset=utf-8", TEXTS)
}

pub async fn style() -> impl IntoResponse {
    file("text/css; charset=utf-8", STYLE)
}

pub async fn openapi() -> impl IntoResponse {
    file("application/json", OPENAPI)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_is_json_and_names_every_route() {
        let document: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        let paths = document["paths"].as_object().unwrap();
        for path in [
            "/health",
            "/v1/models",
            "/v1/articles",
            "/v1/articles/{id}",
            "/v1/articles/{id}/events",
            "/v1/check",
        ] {
            assert!(paths.contains_key(path), "{path} is not in openapi.json");
        }
    }

    #[test]
    fn the_page_loads_only_its_own_files_and_writes_no_markup_from_data() {
        assert!(INDEX.contains("src=\"/app.js\"") && INDEX.contains("href=\"/style.css\""));
        assert!(!INDEX.contains("http://") && !INDEX.contains("https://"));
        // Text from a job or a source is set as text, never parsed as markup.
        assert!(
            !SCRIPT.contains("innerHTML"),
            "app.js must not use innerHTML"
        );
        assert!(!SCRIPT.contains("insertAdjacentHTML") && !SCRIPT.contains("document.write"));
    }
}
