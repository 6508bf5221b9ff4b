//! Stopping cleanly on Ctrl-C, SIGTERM or SIGHUP: the first signal asks the work in hand to
//! stop at its next token, so that nothing half-made is written; a second quits at once. A
//! server's job is stopped the same way by a flag of its own (`scoped`).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};

static REQUESTED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The stop flag of the work this thread is doing for someone else (a server's job).
    static SCOPED: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// The exit status of a run stopped by a signal (128 + SIGINT), as shells report it.
pub const EXIT_STATUS: u8 = 130;

/// The error a run stopped by a signal returns; `main` turns it into [`EXIT_STATUS`].
#[derive(Debug, thiserror::Error)]
#[error("interrupted: stopped before finishing; nothing partial was written")]
pub struct Interrupted;

/// Installs the handler (once per process; later calls do nothing).
pub fn install() -> anyhow::Result<()> {
    static INSTALL: Once = Once::new();
    let mut result = Ok(());
    INSTALL.call_once(|| {
        result = ctrlc::set_handler(|| {
            if REQUESTED.swap(true, Ordering::SeqCst) {
                eprintln!("\nsecond interrupt: quitting now");
                std::process::exit(EXIT_STATUS as i32);
            }
            eprintln!("\ninterrupt: stopping at the next token (again to quit now)");
        })
        .map_err(|e| anyhow::anyhow!("installing the interrupt handler: {e}"));
    });
    result
}

/// Whether a stop was asked for: by a signal, or through the flag of the work this thread
/// runs under [`scoped`].
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
        || SCOPED.with(|s| {
            s.borrow()
                .as_ref()
                .is_some_and(|f| f.load(Ordering::Relaxed))
        })
}

/// Runs `work` on this thread with `stop` as its own stop flag: setting it (from any thread)
/// stops the work at its next token as a signal would, and touches no other work.
pub fn scoped<T>(stop: Arc<AtomicBool>, work: impl FnOnce() -> T) -> T {
    let previous = SCOPED.with(|s| s.replace(Some(stop)));
    let result = work();
    SCOPED.with(|s| *s.borrow_mut() = previous);
    result
}

/// `Err(Interrupted)` once a stop was asked for.
pub fn check() -> Result<(), Interrupted> {
    match requested() {
        true => Err(Interrupted),
        false => Ok(()),
    }
}

/// Whether an error is, or was caused by, an interruption.
pub fn is_interrupted(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.is::<Interrupted>())
}

/// Sleeps for `duration`, waking early (with `Interrupted`) when a signal comes.
pub fn sleep(duration: std::time::Duration) -> Result<(), Interrupted> {
    let end = std::time::Instant::now() + duration;
    loop {
        check()?;
        let left = end.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        std::thread::sleep(left.min(std::time::Duration::from_millis(100)));
    }
}
