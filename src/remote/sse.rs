//! The streamed answer of an OpenAI-compatible server: server-sent events, one JSON chunk per
//! `data:` line, `[DONE]` at the end; completions carry `choices[0].text`, chat completions
//! `choices[0].delta.content`.

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// What one `data:` line says.
#[derive(Debug, Default, PartialEq)]
pub struct Chunk {
    pub text: String,
    /// `stop` (the model ended), `length` (max_tokens reached), …
    pub finish_reason: Option<String>,
    /// `usage.prompt_tokens` and `usage.completion_tokens`, where the server reports them.
    pub usage: Option<(usize, usize)>,
}

/// One line of the stream: `None` for what carries no chunk (blank lines, comments,
/// `event:` lines), `Some(None)` at `[DONE]`.
pub fn parse_line(line: &str) -> Result<Option<Option<Chunk>>> {
    let Some(data) = line.strip_prefix("data:") else {
        return Ok(None);
    };
    let data = data.trim();
    if data == "[DONE]" {
        return Ok(Some(None));
    }
    let value: Value = serde_json::from_str(data)
        .with_context(|| format!("the server sent a chunk that is not JSON: `{}`", clip(data)))?;
    Ok(Some(Some(chunk(&value)?)))
}

/// The chunk a JSON object holds (also a whole, non-streamed answer).
pub fn chunk(value: &Value) -> Result<Chunk> {
    if let Some(error) = value.get("error") {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .map_or_else(|| error.to_string(), str::to_string);
        bail!("the server reported an error: {message}");
    }
    let choice = value.get("choices").and_then(|c| c.get(0));
    let text = choice
        .and_then(|c| {
            c.get("text")
                .or_else(|| c.get("delta").and_then(|d| d.get("content")))
                .or_else(|| c.get("message").and_then(|m| m.get("content")))
        })
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let finish_reason = choice
        .and_then(|c| c.get("finish_reason"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let usage = value.get("usage").and_then(|u| {
        let n = |k: &str| u.get(k).and_then(Value::as_u64).map(|n| n as usize);
        Some((n("prompt_tokens")?, n("completion_tokens")?))
    });
    Ok(Chunk {
        text,
        finish_reason,
        usage,
    })
}

/// At most 200 characters of `text`, for error messages.
pub fn clip(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_completion_and_chat_chunks_and_the_end() {
        let line = r#"data: {"choices":[{"text":" Lyon","index":0,"finish_reason":null}]}"#;
        let chunk = parse_line(line).unwrap().unwrap().unwrap();
        assert_eq!(chunk.text, " Lyon");
        assert_eq!(chunk.finish_reason, None);

        let line = r#"data:{"choices":[{"delta":{"content":"é"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}"#;
        let chunk = parse_line(line).unwrap().unwrap().unwrap();
        assert_eq!(chunk.text, "é");
        assert_eq!(chunk.finish_reason.as_deref(), Some("stop"));
        assert_eq!(chunk.usage, Some((12, 3)));

        assert_eq!(parse_line("data: [DONE]").unwrap(), Some(None));
        assert_eq!(parse_line("").unwrap(), None);
        assert_eq!(parse_line(": keep-alive").unwrap(), None);
    }

    #[test]
    fn errors_in_the_stream_and_garbage_are_errors() {
        let err = parse_line(r#"data: {"error":{"message":"model overloaded"}}"#).unwrap_err();
        assert!(err.to_string().contains("model overloaded"));
        let err = parse_line("data: <html>").unwrap_err();
        assert!(err.to_string().contains("not JSON"));
        assert_eq!(clip(&"x".repeat(300)).chars().count(), 201);
    }
}
