//! What a user reads of an error: its chain of messages on one line, without the backtraces
//! that candle captures into its errors when `RUST_BACKTRACE` is set.

/// The chain of `err`'s messages joined by `: `, as anyhow's `{:#}` prints it, with candle's
/// captured backtraces left out.
pub fn user_message(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| match cause.downcast_ref::<candle_core::Error>() {
            Some(candle) => candle_message(candle),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// A candle error's message, without the backtrace it may have captured.
fn candle_message(err: &candle_core::Error) -> String {
    match err {
        candle_core::Error::WithBacktrace { inner, .. } => candle_message(inner),
        candle_core::Error::Context { inner, context } => {
            format!("{context}: {}", candle_message(inner))
        }
        candle_core::Error::WithPath { inner, path } => {
            format!("`{}`: {}", path.display(), candle_message(inner))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_candle_backtrace_is_left_out_and_the_chain_kept() {
        // What `bt()` builds when RUST_BACKTRACE asks for a backtrace.
        let candle = candle_core::Error::WithBacktrace {
            inner: Box::new(candle_core::Error::Msg("unknown magic 0x1234".into())),
            backtrace: Box::new(std::backtrace::Backtrace::force_capture()),
        };
        assert!(
            candle.to_string().lines().count() > 1,
            "no backtrace in candle's message: the test proves nothing"
        );
        let err = anyhow::Error::new(candle).context("`m.gguf` is not a readable GGUF file");
        assert_eq!(
            user_message(&err),
            "`m.gguf` is not a readable GGUF file: unknown magic 0x1234"
        );
    }
}
