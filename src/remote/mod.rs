//! An OpenAI-compatible inference server (vLLM, text-generation-inference, llama.cpp's server,
//! Ollama) as an `Engine`: completions, or chat completions where the server offers only
//! those, streamed; retries with backoff on 429, 5xx and a dropped connection; clear errors
//! when the server is unreachable or refuses.

pub mod sse;

use std::io::{BufRead, BufReader};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};

use crate::chat::ChatFormat;
use crate::engine::Engine;
use crate::engine::{Flow, Generation, GenerationConfig, GenerationStats};
use crate::tokenizer::TextTokenizer;

/// Where the server is and how to talk to it.
#[derive(Debug, Clone)]
pub struct RemoteConfig {
    /// The API's base address, e.g. `http://127.0.0.1:8080/v1`.
    pub endpoint: String,
    /// The served model's name; `None`: the one model the server lists.
    pub model: Option<String>,
    /// The API key, and the environment variable it came from (named in errors, never the key).
    pub key: Option<(String, String)>,
    /// How long the server may stay silent (connecting, or between two pieces of a stream).
    pub timeout: Duration,
    /// Attempts after the first, on 429, 5xx or a failed connection.
    pub retries: u32,
    /// The context the server's model holds, in tokens.
    pub context: usize,
}

/// A refusal by HTTP status, under the message that says what to change; callers branch on
/// the status (a 404 on completions means: try chat completions).
#[derive(Debug, thiserror::Error)]
#[error("HTTP status {0}")]
struct Refused(u16);

/// Which of the two APIs the server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    Completions,
    Chat,
}

impl Api {
    fn path(self) -> &'static str {
        match self {
            Self::Completions => "completions",
            Self::Chat => "chat/completions",
        }
    }
}

pub struct Remote {
    config: RemoteConfig,
    model: String,
    agent: ureq::Agent,
    api: Api,
    /// The model's tokenizer when the user gave it (`--tokenizer`); counts are estimated
    /// without it.
    tokenizer: Option<Arc<TextTokenizer>>,
}

/// Characters per token assumed without a tokenizer (French text, Gemma's vocabulary gives
/// about 3.7; a little less errs towards condensing a long source).
const CHARS_PER_TOKEN: f64 = 3.5;

impl Remote {
    /// Connects: asks the server for its models (finding the one to use when none is named),
    /// so that a wrong address or key fails before any article is started.
    pub fn connect(config: RemoteConfig, tokenizer: Option<Arc<TextTokenizer>>) -> Result<Self> {
        let endpoint = config.endpoint.trim_end_matches('/').to_string();
        if !endpoint.starts_with("http://") && !endpoint.starts_with("https://") {
            bail!("--endpoint `{endpoint}` is not an http:// or https:// address");
        }
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(config.timeout)
            .timeout_read(config.timeout)
            .build();
        let mut remote = Self {
            config: RemoteConfig { endpoint, ..config },
            model: String::new(),
            agent,
            api: Api::Completions,
            tokenizer,
        };
        let listed = remote.models()?;
        remote.model = match &remote.config.model {
            Some(name) => name.clone(),
            None => match listed.as_slice() {
                [one] => one.clone(),
                [] => bail!(
                    "the server at `{}` lists no model: name one with --api-model",
                    remote.config.endpoint
                ),
                many => bail!(
                    "the server at `{}` serves several models ({}): choose one with --api-model",
                    remote.config.endpoint,
                    many.join(", ")
                ),
            },
        };
        Ok(remote)
    }

    /// The model requests name.
    pub fn model(&self) -> &str {
        &self.model
    }

    pub fn endpoint(&self) -> &str {
        &self.config.endpoint
    }

    /// A second connection to the same server and model, for another worker.
    pub fn try_clone(&self) -> Self {
        Self {
            config: self.config.clone(),
            model: self.model.clone(),
            agent: self.agent.clone(),
            api: self.api,
            tokenizer: self.tokenizer.clone(),
        }
    }

    /// The ids of `GET /models`.
    fn models(&self) -> Result<Vec<String>> {
        let url = format!("{}/models", self.config.endpoint);
        let response = self.send(|| self.request("GET", &url).call().map_err(Box::new), &url)?;
        let body: Value = response
            .into_json()
            .with_context(|| format!("`{url}` did not answer JSON"))?;
        Ok(body
            .get("data")
            .and_then(Value::as_array)
            .map(|models| {
                models
                    .iter()
                    .filter_map(|m| m.get("id").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    fn request(&self, method: &str, url: &str) -> ureq::Request {
        let request = self.agent.request(method, url);
        match &self.config.key {
            Some((key, _)) => request.set("Authorization", &format!("Bearer {key}")),
            None => request,
        }
    }

    /// Sends (through `attempt`) with retries on 429, 5xx and transport errors; other
    /// refusals become errors that say what to change.
    fn send(
        &self,
        attempt: impl Fn() -> Result<ureq::Response, Box<ureq::Error>>,
        url: &str,
    ) -> Result<ureq::Response> {
        let mut tries = 0;
        loop {
            crate::interrupt::check()?;
            let (why, wait) = match attempt().map_err(|e| *e) {
                Ok(response) => return Ok(response),
                Err(ureq::Error::Status(code, response)) if retryable(code) => {
                    let after = response
                        .header("Retry-After")
                        .and_then(|s| s.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    (format!("{code} {}", response.status_text()), after)
                }
                Err(ureq::Error::Status(code, response)) => {
                    let body = response.into_string().unwrap_or_default();
                    return Err(self.refusal(url, code, &body));
                }
                Err(ureq::Error::Transport(t)) => (transport_reason(&t), None),
            };
            if tries >= self.config.retries {
                bail!(
                    "the inference server at `{}` did not answer `{url}`: {why} (tried {} times; \
                     is it running? --endpoint, --retries)",
                    self.config.endpoint,
                    tries + 1
                );
            }
            let wait = wait.unwrap_or_else(|| backoff(tries)).min(MAX_WAIT);
            tries += 1;
            crate::interrupt::sleep(wait)?;
        }
    }

    /// The error for a refusal that retrying will not change.
    fn refusal(&self, url: &str, code: u16, body: &str) -> anyhow::Error {
        let detail = sse::clip(body.trim());
        let message = match code {
            401 | 403 => match &self.config.key {
                Some((_, var)) => {
                    anyhow!("the server refused the key in ${var} ({code} at `{url}`): {detail}")
                }
                None => anyhow!(
                    "the server wants an API key ({code} at `{url}`): put it in an environment \
                     variable and name it with --api-key-env (default OPENAI_API_KEY)"
                ),
            },
            404 => anyhow!(
                "`{url}` does not exist on the server (404): --endpoint is the API's base, \
                 usually ending in /v1 ({detail})"
            ),
            _ => anyhow!("the server refused the request ({code} at `{url}`): {detail}"),
        };
        anyhow::Error::new(Refused(code)).context(message)
    }

    fn body(&self, prompt: &str, config: &GenerationConfig) -> Value {
        let s = &config.sampling;
        let mut body = json!({
            "model": self.model,
            "max_tokens": config.max_tokens,
            "temperature": s.temperature,
            "top_p": s.top_p,
            "seed": s.seed,
            "stream": true,
        });
        // Honoured by llama.cpp's server, vLLM and others; ignored where unknown.
        if s.top_k > 0 {
            body["top_k"] = json!(s.top_k);
        }
        if s.repeat_penalty != 1.0 {
            body["repeat_penalty"] = json!(s.repeat_penalty);
        }
        match self.api {
            Api::Completions => body["prompt"] = json!(prompt),
            Api::Chat => body["messages"] = json!([{ "role": "user", "content": prompt }]),
        }
        body
    }

    /// Opens the stream for `prompt`, falling back from completions to chat completions when
    /// the server has no completions API.
    fn open(&mut self, prompt: &str, config: &GenerationConfig) -> Result<ureq::Response> {
        loop {
            let url = format!("{}/{}", self.config.endpoint, self.api.path());
            let body = self.body(prompt, config).to_string();
            let sent = self.send(
                || {
                    self.request("POST", &url)
                        .set("Content-Type", "application/json")
                        .set("Accept", "text/event-stream")
                        .send_string(&body)
                        .map_err(Box::new)
                },
                &url,
            );
            match sent {
                Err(e)
                    if self.api == Api::Completions
                        && e.downcast_ref::<Refused>().is_some_and(|r| r.0 == 404) =>
                {
                    self.api = Api::Chat;
                }
                other => return other,
            }
        }
    }
}

/// The longest wait between two attempts.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// 429 (too many requests) and the 5xx that a busy or restarting server gives.
fn retryable(code: u16) -> bool {
    code == 429 || (500..600).contains(&code) && code != 501
}

/// 0.5 s, 1 s, 2 s, … before attempt `tries + 2`.
fn backoff(tries: u32) -> Duration {
    Duration::from_millis(500u64.saturating_mul(1 << tries.min(10)))
}

fn transport_reason(t: &ureq::Transport) -> String {
    let mut reason = t.kind().to_string();
    if let Some(message) = t.message() {
        reason.push_str(&format!(": {message}"));
    }
    if let Some(source) = std::error::Error::source(t) {
        reason.push_str(&format!(" ({source})"));
    }
    reason
}

impl Engine for Remote {
    fn run(
        &mut self,
        prompt: &str,
        config: &GenerationConfig,
        on_text: &mut dyn FnMut(&str) -> Flow,
    ) -> Result<Generation> {
        let start = Instant::now();
        let response = self.open(prompt, config)?;
        let mut reader = BufReader::new(response.into_reader());
        let mut text = String::new();
        let mut stats = GenerationStats::default();
        let mut first: Option<Instant> = None;
        let mut usage = None;
        let mut ended = false;
        let mut finished = false;
        let mut line = String::new();
        loop {
            crate::interrupt::check()?;
            line.clear();
            let read = reader.read_line(&mut line).with_context(|| {
                format!(
                    "the stream from `{}` broke off after {} characters",
                    self.config.endpoint,
                    text.len()
                )
            })?;
            if read == 0 {
                // A stream ends with `[DONE]` or a finish reason; without either, the server
                // went away in the middle, and the text is not whole.
                if !finished {
                    bail!(
                        "the stream from `{}` broke off after {} characters (the server closed \
                         the connection)",
                        self.config.endpoint,
                        text.len()
                    );
                }
                break;
            }
            let chunk = match sse::parse_line(line.trim_end())? {
                None => continue,
                Some(None) => break,
                Some(Some(chunk)) => chunk,
            };
            usage = chunk.usage.or(usage);
            finished |= chunk.finish_reason.is_some();
            if chunk.finish_reason.as_deref() == Some("stop") {
                ended = true;
            }
            if chunk.text.is_empty() {
                continue;
            }
            stats.generated_tokens += 1;
            if first.is_none() {
                first = Some(Instant::now());
                stats.time_to_first_token = start.elapsed();
            }
            text.push_str(&chunk.text);
            if on_text(&chunk.text) != Flow::Continue {
                // Dropping the stream closes the connection, which stops the server's work.
                break;
            }
        }
        if let Some((prompt_tokens, completion_tokens)) = usage {
            stats.prompt_tokens = prompt_tokens;
            stats.generated_tokens = completion_tokens;
        } else {
            stats.prompt_tokens = self.count_tokens(prompt)?;
        }
        stats.prefilled_tokens = stats.prompt_tokens;
        stats.prefill_time = stats.time_to_first_token;
        stats.decode_time = first.map_or(Duration::ZERO, |f| f.elapsed());
        Ok(Generation {
            text,
            ended,
            stats,
            likelihood: Vec::new(),
        })
    }

    fn context_size(&self) -> usize {
        self.config.context
    }

    fn count_tokens(&self, text: &str) -> Result<usize> {
        match &self.tokenizer {
            Some(tokenizer) => Ok(tokenizer.encode_plain(text)?.len()),
            None => Ok((text.chars().count() as f64 / CHARS_PER_TOKEN).ceil() as usize),
        }
    }

    fn copy_reference(&self, _text: &str) -> Result<Vec<u32>> {
        // The server samples: token bans cannot reach it.
        Ok(Vec::new())
    }

    fn chat(&self) -> Option<&ChatFormat> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_what_a_busy_server_says_and_backs_off() {
        assert!(retryable(429) && retryable(503) && retryable(500) && retryable(502));
        assert!(!retryable(400) && !retryable(401) && !retryable(404) && !retryable(501));
        assert_eq!(backoff(0), Duration::from_millis(500));
        assert_eq!(backoff(3), Duration::from_secs(4));
        assert!(backoff(40) >= MAX_WAIT);
    }

    #[test]
    fn an_unreachable_server_is_said_so_with_the_address() {
        // A port nothing listens on: bind one, then free it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = RemoteConfig {
            endpoint: format!("http://127.0.0.1:{port}/v1/"),
            model: Some("m".into()),
            key: None,
            timeout: Duration::from_secs(2),
            retries: 1,
            context: 4096,
        };
        let err = format!("{:#}", Remote::connect(config.clone(), None).err().unwrap());
        assert!(err.contains(&format!("127.0.0.1:{port}/v1")), "{err}");
        assert!(
            err.contains("tried 2 times") && err.contains("is it running"),
            "{err}"
        );
        let bad = RemoteConfig {
            endpoint: "localhost:8080".into(),
            ..config
        };
        let err = Remote::connect(bad, None).err().unwrap().to_string();
        assert!(err.contains("not an http"), "{err}");
    }
}
