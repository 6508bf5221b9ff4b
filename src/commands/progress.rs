//! The progress of one `write` as the user sees it on stderr: on a terminal, a bar redrawn
//! in place (words kept against the target, elapsed time, an estimate of the time left from
//! the draft's work done)
//! under the stage lines; otherwise (a log, a pipe) the stage lines alone, each with the
//! same figures, so that a log reads the same and never fills with redraws.

use std::io::Write;
use std::time::Instant;

use crate::eta::{self, duration};

/// Cells of the bar.
const BAR_CELLS: usize = 24;

/// The progress of one article being written.
pub struct Progress {
    started: Instant,
    /// Whether the bar is drawn (stderr is a terminal and raw text is not streamed there).
    bar: bool,
    kept: usize,
    target: usize,
    /// The draft's work done and all of it (`Event::Work`), that the time left is told from.
    work: (usize, usize),
    /// Whether a bar is on screen now, to be cleared before a line is printed.
    drawn: bool,
}

impl Progress {
    pub fn new(target: usize, bar: bool) -> Self {
        Self {
            started: Instant::now(),
            bar,
            kept: 0,
            target,
            work: (0, 0),
            drawn: false,
        }
    }

    /// A stage begins: its line, and the figures (on the line itself without a bar).
    pub fn stage(&mut self, message: &str) {
        self.clear();
        match self.bar {
            true => {
                eprintln!("{message}");
                self.draw();
            }
            false if self.kept == 0 => eprintln!("{message}"),
            false => eprintln!("{message} [{}]", self.figures()),
        }
    }

    /// The gate has kept `kept` words of the `target`.
    pub fn words(&mut self, kept: usize, target: usize) {
        self.kept = kept;
        self.target = target;
        if self.bar {
            self.draw();
        }
    }

    /// `done` of the draft's `total` work is done.
    pub fn work(&mut self, done: usize, total: usize) {
        self.work = (done, total);
        if self.bar {
            self.draw();
        }
    }

    /// Clears the bar before the article's report.
    pub fn finish(&mut self) {
        self.clear();
    }

    fn figures(&self) -> String {
        figures(
            self.kept,
            self.target,
            self.work,
            self.started.elapsed().as_secs_f64(),
        )
    }

    fn draw(&mut self) {
        let line = format!("{} {}", bar(self.kept, self.target), self.figures());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
        self.drawn = true;
    }

    fn clear(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `[#########---------------]`: the share of the target kept.
fn bar(kept: usize, target: usize) -> String {
    let full = (kept * BAR_CELLS / target.max(1)).min(BAR_CELLS);
    format!("[{}{}]", "#".repeat(full), "-".repeat(BAR_CELLS - full))
}

/// `312/700 words, 48 s, about 60 s left`: the time left is the time the draft's work done
/// took, scaled to its work still to do (`work`, done and all). Nothing is guessed before
/// any is done, nor once all is, where the check and repair remain. The words kept say
/// nothing of it: a short source never reaches the words asked for, and a time told from
/// them said « about 22 min 32 s left » 11 s before a 51-s article ended (procès, stop 72).
fn figures(kept: usize, target: usize, work: (usize, usize), elapsed: f64) -> String {
    let (done, total) = work;
    let left = match eta::left(done, total, elapsed) {
        Some(left) if done < total => format!(", about {} left", duration(left)),
        _ => String::new(),
    };
    format!("{kept}/{target} words, {}{left}", duration(elapsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_say_words_time_and_what_is_left() {
        assert_eq!(figures(0, 700, (0, 20), 12.0), "0/700 words, 12 s");
        // Half the work in 60 s: the other half takes about as long, whatever the words.
        assert_eq!(
            figures(31, 700, (10, 20), 60.0),
            "31/700 words, 1 min 00 s, about 1 min 00 s left"
        );
        assert_eq!(
            figures(720, 700, (20, 20), 130.4),
            "720/700 words, 2 min 10 s"
        );
        assert_eq!(figures(90, 700, (25, 25), 50.0), "90/700 words, 50 s");
        assert_eq!(bar(0, 700), format!("[{}]", "-".repeat(BAR_CELLS)));
        assert_eq!(
            bar(350, 700),
            format!("[{}{}]", "#".repeat(12), "-".repeat(12))
        );
        assert_eq!(bar(900, 700), format!("[{}]", "#".repeat(BAR_CELLS)));
    }
}
