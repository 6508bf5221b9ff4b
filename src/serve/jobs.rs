//! The server's jobs held in memory and in the data directory (one JSON file a job, written
//! whole at each change of status), queued in a bounded line for the one engine, and told to
//! listeners as they change.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use anyhow::{Context, Result};
use serde_json::Value;
use tokio::sync::broadcast;

pub use super::job::{ApiError, Job, JobRequest, JobResult, Options, Progress, Status};

/// A change to a job, for the listeners of its events: the event's name and its data.
#[derive(Debug, Clone)]
pub struct Update {
    pub id: String,
    pub event: &'static str,
    pub data: Value,
}

/// Why a job was not queued.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The queue holds `--queue` jobs already; a place is likely to free in `retry_after`
    /// seconds.
    Full { retry_after: u64 },
}

/// A job the engine takes: its id, what it asks, and the flag that stops it.
pub struct Claim {
    pub id: String,
    pub request: JobRequest,
    pub stop: Arc<AtomicBool>,
}

struct Inner {
    jobs: HashMap<String, Job>,
    queue: VecDeque<String>,
    /// The stop flag of each job not yet finished.
    stops: HashMap<String, Arc<AtomicBool>>,
    closed: bool,
}

/// Every job of the server.
pub struct Store {
    dir: PathBuf,
    /// Held while the store is open: one server per data directory.
    _lock: std::fs::File,
    limit: usize,
    /// Seconds a finished job is kept after it ended (`--keep-days`); for ever when `None`.
    keep: Option<f64>,
    inner: Mutex<Inner>,
    /// Wakes the engine's thread when a job is queued or the store closes.
    ready: Condvar,
    updates: broadcast::Sender<Update>,
    counter: AtomicU64,
}

impl Store {
    /// The jobs kept in `dir` (made if need be). Jobs that were queued or running when the
    /// server stopped are queued again, oldest first; finished ones are served as they were,
    /// for `keep` seconds after they ended (for ever when `None`).
    pub fn open(dir: &Path, limit: usize, keep: Option<f64>) -> Result<(Self, usize)> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("making the data directory `{}`", dir.display()))?;
        let lock = crate::files::hold_folder(
            dir,
            "serves the jobs in",
            "stop it, or give this one another --data-dir",
        )?;
        crate::files::remove_stale_temporaries(dir);
        let mut jobs = HashMap::new();
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("reading `{}`", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading `{}`", path.display()))?;
            let job: Job = serde_json::from_str(&text)
                .with_context(|| format!("`{}` is not a job this server wrote", path.display()))?;
            jobs.insert(job.id.clone(), job);
        }
        let mut again: Vec<&mut Job> = jobs.values_mut().filter(|j| !j.status.is_final()).collect();
        again.sort_by(|a, b| a.created.total_cmp(&b.created).then(a.id.cmp(&b.id)));
        let mut queue = VecDeque::new();
        let mut stops = HashMap::new();
        for job in again {
            job.status = Status::Queued;
            job.started = None;
            job.progress = Progress::default();
            queue.push_back(job.id.clone());
            stops.insert(job.id.clone(), Arc::new(AtomicBool::new(false)));
        }
        let requeued = queue.len();
        let store = Self {
            dir: dir.to_path_buf(),
            _lock: lock,
            limit,
            keep,
            inner: Mutex::new(Inner {
                jobs,
                queue,
                stops,
                closed: false,
            }),
            ready: Condvar::new(),
            updates: broadcast::channel(1024).0,
            counter: AtomicU64::new(0),
        };
        {
            let mut inner = store.lock();
            for id in &inner.queue {
                store.save(&inner.jobs[id])?;
            }
            store.prune(&mut inner)?;
        }
        Ok((store, requeued))
    }

    /// Deletes the finished jobs that ended more than `keep` seconds ago, files and all.
    fn prune(&self, inner: &mut Inner) -> Result<()> {
        let Some(keep) = self.keep else {
            return Ok(());
        };
        let before = now() - keep;
        let old: Vec<String> = inner
            .jobs
            .values()
            .filter(|j| j.status.is_final() && j.finished.is_some_and(|f| f < before))
            .map(|j| j.id.clone())
            .collect();
        for id in old {
            self.delete(inner, &id)?;
        }
        Ok(())
    }

    /// Deletes a job's file, then the job.
    fn delete(&self, inner: &mut Inner, id: &str) -> Result<Option<Job>> {
        let path = self.dir.join(format!("{id}.json"));
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("deleting `{}`", path.display()))
            }
            _ => Ok(inner.jobs.remove(id)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Writes a job's file whole (under the lock, so that writes of one job never cross).
    fn save(&self, job: &Job) -> Result<()> {
        let text = serde_json::to_vec_pretty(job).context("serialising a job")?;
        crate::files::write_atomically(&self.dir.join(format!("{}.json", job.id)), &text)
    }

    fn tell(&self, job: &Job, event: &'static str) {
        let data = match event {
            "done" => serde_json::to_value(job).unwrap_or_default(),
            _ => job.summary(),
        };
        // No listener is not an error.
        let _ = self.updates.send(Update {
            id: job.id.clone(),
            event,
            data,
        });
    }

    /// Listens to every job's changes from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Update> {
        self.updates.subscribe()
    }

    /// Queues a new job, unless the queue is full.
    pub fn submit(&self, request: JobRequest) -> Result<Result<Job, Refused>> {
        let mut inner = self.lock();
        self.prune(&mut inner)?;
        if inner.queue.len() >= self.limit {
            let retry_after = super::retry::seconds(inner.jobs.values(), now());
            return Ok(Err(Refused::Full { retry_after }));
        }
        let created = now();
        let id = format!(
            "{:012x}{:04x}",
            (created * 1000.0) as u64,
            self.counter.fetch_add(1, Ordering::Relaxed) & 0xffff
        );
        let job = Job {
            id: id.clone(),
            status: Status::Queued,
            created,
            started: None,
            finished: None,
            request,
            progress: Progress::default(),
            result: None,
            error: None,
        };
        self.save(&job)?;
        inner.queue.push_back(id.clone());
        inner
            .stops
            .insert(id.clone(), Arc::new(AtomicBool::new(false)));
        inner.jobs.insert(id, job.clone());
        self.ready.notify_all();
        self.tell(&job, "status");
        Ok(Ok(job))
    }

    /// A job as it is now.
    pub fn get(&self, id: &str) -> Option<Job> {
        self.lock().jobs.get(id).cloned()
    }

    /// Every job's summary, newest first.
    pub fn list(&self) -> Vec<Value> {
        let inner = self.lock();
        let mut jobs: Vec<&Job> = inner.jobs.values().collect();
        jobs.sort_by(|a, b| b.created.total_cmp(&a.created).then(b.id.cmp(&a.id)));
        jobs.iter().map(|j| j.summary()).collect()
    }

    /// Jobs waiting, and whether one is running.
    pub fn load(&self) -> (usize, bool) {
        let inner = self.lock();
        let running = inner.jobs.values().any(|j| j.status == Status::Running);
        (inner.queue.len(), running)
    }

    /// Jobs by status, and the seconds the finished ones ran (count and sum), for metrics.
    pub fn tally(&self) -> (Vec<(Status, usize)>, usize, f64) {
        let inner = self.lock();
        let statuses = [
            Status::Queued,
            Status::Running,
            Status::Done,
            Status::Failed,
            Status::Cancelled,
        ];
        let counts = statuses
            .iter()
            .map(|&s| (s, inner.jobs.values().filter(|j| j.status == s).count()))
            .collect();
        let ran: Vec<f64> = inner.jobs.values().filter_map(Job::ran_seconds).collect();
        (counts, ran.len(), ran.iter().sum())
    }

    /// Cancels a job: a queued one at once, a running one at its next token (its status
    /// changes when the engine has stopped). A finished one is deleted, file and all, when
    /// `delete_final`, else left as it is. `None` for an unknown id.
    pub fn cancel(&self, id: &str, delete_final: bool) -> Result<Option<Job>> {
        let mut inner = self.lock();
        let Some(status) = inner.jobs.get(id).map(|j| j.status) else {
            return Ok(None);
        };
        if status.is_final() && delete_final {
            return self.delete(&mut inner, id);
        }
        if let Some(stop) = inner.stops.get(id) {
            stop.store(true, Ordering::SeqCst);
        }
        if status == Status::Queued {
            inner.queue.retain(|q| q != id);
            inner.stops.remove(id);
            let job = inner.jobs.get_mut(id).expect("the job was just found");
            job.status = Status::Cancelled;
            job.finished = Some(now());
            let job = job.clone();
            self.save(&job)?;
            self.tell(&job, "done");
        }
        Ok(inner.jobs.get(id).cloned())
    }

    /// The next queued job, marked running; waits for one. `None` once the store is closed.
    pub fn claim(&self) -> Option<Claim> {
        let mut inner = self.lock();
        loop {
            if inner.closed {
                return None;
            }
            if let Some(id) = inner.queue.pop_front() {
                let stop = inner.stops.get(&id).cloned().unwrap_or_default();
                let job = inner.jobs.get_mut(&id).expect("a queued job is kept");
                job.status = Status::Running;
                job.started = Some(now());
                let (job, request) = (job.clone(), job.request.clone());
                if let Err(e) = self.save(&job) {
                    eprintln!("serve: job {id}: {}", crate::errors::user_message(&e));
                }
                self.tell(&job, "status");
                return Some(Claim { id, request, stop });
            }
            inner = self.ready.wait(inner).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// A running job's progress (kept in memory; told to listeners).
    pub fn progress(&self, id: &str, change: impl FnOnce(&mut Progress)) {
        let mut inner = self.lock();
        if let Some(job) = inner.jobs.get_mut(id) {
            change(&mut job.progress);
            let job = job.clone();
            drop(inner);
            self.tell(&job, "progress");
        }
    }

    /// A job's end: its result, or its error; a job stopped on request is cancelled.
    pub fn finish(&self, id: &str, outcome: Result<JobResult, ApiError>, stopped: bool) {
        let mut inner = self.lock();
        inner.stops.remove(id);
        let Some(job) = inner.jobs.get_mut(id) else {
            return;
        };
        job.finished = Some(now());
        match (outcome, stopped) {
            (_, true) => job.status = Status::Cancelled,
            (Ok(result), false) => {
                job.status = Status::Done;
                job.result = Some(result);
            }
            (Err(error), false) => {
                job.status = Status::Failed;
                job.error = Some(error);
            }
        }
        let job = job.clone();
        if let Err(e) = self.save(&job) {
            eprintln!("serve: job {id}: {}", crate::errors::user_message(&e));
        }
        self.tell(&job, "done");
    }

    /// Stops the engine's thread after the job in hand (the server is going down).
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(text: &str) -> JobRequest {
        JobRequest {
            source: text.into(),
            keyphrase: None,
            options: Options::default(),
            repair: None,
        }
    }

    /// A job submitted, run and failed: its id.
    fn ran_and_failed(store: &Store, text: &str) -> String {
        let id = store.submit(request(text)).unwrap().unwrap().id;
        let claim = store.claim().unwrap();
        assert_eq!(claim.id, id, "no other job was waiting");
        let error = ApiError {
            code: "x".into(),
            message: text.into(),
        };
        store.finish(&claim.id, Err(error), false);
        id
    }

    #[test]
    fn a_full_queue_refuses_and_a_cancelled_job_frees_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let (store, requeued) = Store::open(dir.path(), 2, None).unwrap();
        assert_eq!(requeued, 0);
        let a = store.submit(request("a")).unwrap().unwrap();
        let b = store.submit(request("b")).unwrap().unwrap();
        assert_eq!(
            store.submit(request("c")).unwrap(),
            Err(Refused::Full {
                retry_after: super::super::retry::DEFAULT_SECONDS
            })
        );
        assert_eq!(
            store.cancel(&a.id, false).unwrap().unwrap().status,
            Status::Cancelled
        );
        assert!(store.submit(request("c")).unwrap().is_ok());
        let claim = store.claim().unwrap();
        assert_eq!(claim.id, b.id, "the oldest job still queued goes first");
        assert_eq!(store.get(&b.id).unwrap().status, Status::Running);
        assert_eq!(store.load(), (1, true));
    }

    #[test]
    fn a_finished_job_is_deleted_unless_only_unfinished_ones_are_asked_to_go() {
        let dir = tempfile::tempdir().unwrap();
        let id = {
            let (store, _) = Store::open(dir.path(), 2, None).unwrap();
            let queued = store.submit(request("a")).unwrap().unwrap().id;
            // Cancelling a queued job keeps it, cancelled; asking again deletes it.
            assert_eq!(
                store.cancel(&queued, true).unwrap().unwrap().status,
                Status::Cancelled
            );
            assert!(dir.path().join(format!("{queued}.json")).exists());
            assert_eq!(
                store.cancel(&queued, true).unwrap().unwrap().status,
                Status::Cancelled
            );
            assert!(store.get(&queued).is_none());
            assert!(!dir.path().join(format!("{queued}.json")).exists());
            assert!(store.cancel(&queued, true).unwrap().is_none());
            let id = ran_and_failed(&store, "b");
            // The page's cancel, as the job ends: kept.
            assert_eq!(
                store.cancel(&id, false).unwrap().unwrap().status,
                Status::Failed
            );
            assert!(store.get(&id).is_some());
            id
        };
        let (store, _) = Store::open(dir.path(), 2, None).unwrap();
        assert_eq!(
            store.list().len(),
            1,
            "the deleted job stays deleted after a restart"
        );
        assert!(store.get(&id).is_some());
    }

    #[test]
    fn finished_jobs_older_than_the_days_kept_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let (old, recent) = {
            let (store, _) = Store::open(dir.path(), 8, None).unwrap();
            (
                ran_and_failed(&store, "old"),
                ran_and_failed(&store, "recent"),
            )
        };
        // The first ended two hours ago.
        let path = dir.path().join(format!("{old}.json"));
        let mut job: Job = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        job.finished = Some(now() - 7200.0);
        std::fs::write(&path, serde_json::to_vec(&job).unwrap()).unwrap();
        {
            let (store, _) = Store::open(dir.path(), 8, None).unwrap();
            assert_eq!(store.list().len(), 2, "kept for ever without --keep-days");
        }
        let (store, _) = Store::open(dir.path(), 8, Some(3600.0)).unwrap();
        assert!(store.get(&old).is_none());
        assert!(!path.exists());
        assert!(store.get(&recent).is_some());
        let queued = store.submit(request("new")).unwrap().unwrap().id;
        assert!(
            store.get(&queued).is_some(),
            "an unfinished job is never pruned"
        );
    }

    #[test]
    fn unfinished_jobs_are_queued_again_and_finished_ones_kept_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let (done, running, queued) = {
            let (store, _) = Store::open(dir.path(), 8, None).unwrap();
            let done = ran_and_failed(&store, "done");
            let running = store.submit(request("running")).unwrap().unwrap().id;
            let queued = store.submit(request("queued")).unwrap().unwrap().id;
            assert_eq!(store.claim().unwrap().id, running);
            (done, running, queued)
        };
        // The server went down with `running` running and `queued` waiting.
        let (store, requeued) = Store::open(dir.path(), 8, None).unwrap();
        assert_eq!(requeued, 2);
        assert_eq!(store.get(&done).unwrap().status, Status::Failed);
        assert_eq!(store.get(&running).unwrap().status, Status::Queued);
        assert_eq!(store.claim().unwrap().id, running, "oldest first");
        assert_eq!(store.claim().unwrap().id, queued);
    }

    #[test]
    fn a_second_server_on_the_same_jobs_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Store::open(dir.path(), 1, None).unwrap();
        let err = Store::open(dir.path(), 1, None).err().unwrap();
        assert!(
            format!("{err:#}").contains("another redacteur serves the jobs in"),
            "{err:#}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_job_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.json"), "{}").unwrap();
        let err = Store::open(dir.path(), 1, None).err().unwrap();
        assert!(
            format!("{err:#}").contains("x.json` is not a job"),
            "{err:#}"
        );
    }
}
