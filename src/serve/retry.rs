//! How long a client refused for a full queue is told to wait (`Retry-After`): until the
//! running job is likely done, by its own estimate or by how long finished jobs ran.

use super::jobs::{Job, Status};

/// Seconds said when nothing has run yet to tell from.
pub const DEFAULT_SECONDS: u64 = 30;
/// Seconds said at most: past that, a client does better to ask again than to sleep.
const MOST_SECONDS: f64 = 600.0;

/// Seconds until a place in the queue is likely to free, at `now`: the running job's own
/// estimate of what it has left, else the median run of the finished jobs less what the
/// running one has run; with nothing running, that median (the engine is about to take the
/// next job); `DEFAULT_SECONDS` with no finished job and no estimate.
pub fn seconds<'a>(jobs: impl Iterator<Item = &'a Job>, now: f64) -> u64 {
    let mut ran = Vec::new();
    let mut running = None;
    for job in jobs {
        match job.status {
            Status::Running => running = Some(job),
            Status::Done => ran.extend(job.ran_seconds()),
            _ => {}
        }
    }
    ran.sort_by(f64::total_cmp);
    let typical = ran.get(ran.len() / 2).copied();
    let left = match running {
        Some(job) => job
            .progress
            .eta_seconds
            .or_else(|| Some(typical? - (now - job.started?))),
        None => typical,
    };
    left.map_or(DEFAULT_SECONDS, |s| {
        s.ceil().clamp(1.0, MOST_SECONDS) as u64
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::jobs::{JobRequest, Progress};

    fn job(status: Status, started: Option<f64>, finished: Option<f64>) -> Job {
        Job {
            id: format!("{status:?}{started:?}"),
            status,
            created: 0.0,
            started,
            finished,
            request: JobRequest {
                source: String::new(),
                keyphrase: None,
                options: Default::default(),
                repair: None,
            },
            progress: Progress::default(),
            result: None,
            error: None,
        }
    }

    #[test]
    fn the_wait_is_what_the_running_job_has_left() {
        let done = [40.0, 50.0, 90.0].map(|ran| job(Status::Done, Some(0.0), Some(ran)));
        let mut running = job(Status::Running, Some(1000.0), None);
        // Nothing to tell from: the default.
        assert_eq!(seconds([].iter(), 1010.0), DEFAULT_SECONDS);
        assert_eq!(seconds(std::iter::once(&running), 1010.0), DEFAULT_SECONDS);
        // The median run (50 s) less the 10 s it has run.
        assert_eq!(seconds(done.iter().chain([&running]), 1010.0), 40);
        // Past the median: at least a second.
        assert_eq!(seconds(done.iter().chain([&running]), 1200.0), 1);
        // Nothing running: the median run.
        assert_eq!(seconds(done.iter(), 1010.0), 50);
        // The job's own estimate first, rounded up.
        running.progress.eta_seconds = Some(12.2);
        assert_eq!(seconds(done.iter().chain([&running]), 1010.0), 13);
        running.progress.eta_seconds = Some(5000.0);
        assert_eq!(seconds(done.iter().chain([&running]), 1010.0), 600);
    }
}
