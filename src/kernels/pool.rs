//! The threads that share out a decode step's many small parallel jobs: workers that spin a
//! moment between jobs instead of sleeping, so that a job starts in a fraction of a
//! microsecond rather than after a futex wake (as llama.cpp's thread pool does).
//!
//! A token of the default model is some ninety products and attentions, most of them a few
//! tens of microseconds long. Run through rayon, each of them wakes a sleeping worker and is woken in
//! turn; `perf` put a fifth of both cores' time in `sched_yield`, futexes and wake-ups at two
//! threads. Here the calling thread takes tasks too, the workers claim the rest from one
//! counter, and a worker that finds no job for `SPIN` sleeps on a condition variable until
//! the next one. One job runs at a time; a caller that finds the pool busy (another model on
//! another thread) runs its job through rayon instead. With more threads than CPUs (`-t 8` on
//! two cores), spinning threads yield now and then, so that the ones a job waits for get on.

use std::cell::UnsafeCell;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, TryLockError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// How long a worker waits for the next job, spinning, before it sleeps.
const SPIN: Duration = Duration::from_millis(2);

/// A job's tasks, `f(0)` .. `f(n - 1)`, its lifetime erased while it runs.
#[derive(Clone, Copy)]
struct Job {
    f: *const (dyn Fn(usize) + Sync + 'static),
    n: usize,
}

struct Shared {
    /// Bumped for each job; a worker runs a job when it sees a number it has not seen.
    generation: AtomicU64,
    /// Written by the caller only while no worker reads it: before the generation's bump,
    /// after every worker has finished the last job.
    job: UnsafeCell<Job>,
    /// The next task to claim.
    next: AtomicUsize,
    /// Workers that have not finished the current job.
    busy: AtomicUsize,
    /// A task of the current job panicked.
    panicked: AtomicBool,
    /// Workers asleep, and what wakes them.
    sleeping: AtomicUsize,
    lock: Mutex<()>,
    wake: Condvar,
    /// More threads than the CPUs the process may run on: a spinning thread then gives its
    /// CPU up now and then, or it could keep a thread the job waits for off it.
    crowded: bool,
}

// SAFETY: `job` is written and read under the protocol above (its writes happen-before the
// generation's Release bump, which each reader Acquires); the closure it points to is `Sync`.
unsafe impl Sync for Shared {}
// SAFETY: as above; the raw pointer is only dereferenced while the job's caller waits.
unsafe impl Send for Shared {}

impl Shared {
    /// Claims and runs tasks of the current job until none is left.
    fn work(&self, job: Job) {
        // SAFETY: the caller of `run` keeps the closure alive until every worker is done.
        let f = unsafe { &*job.f };
        let result = catch_unwind(AssertUnwindSafe(|| loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            if i >= job.n {
                break;
            }
            f(i);
        }));
        if result.is_err() {
            self.panicked.store(true, Ordering::Relaxed);
        }
    }

    /// One turn of a spin: a CPU hint, and now and then a yield: every 64th turn when
    /// crowded, every 32nd after the first 256 (another process may want the CPU: two
    /// `bench -t 2` at once on two cores ran 8 % slower than through rayon without it).
    fn pause(&self, spins: u32) {
        std::hint::spin_loop();
        let every = match (self.crowded, spins >= 256) {
            (true, _) => 64,
            (false, true) => 32,
            (false, false) => return,
        };
        if spins.is_multiple_of(every) {
            std::thread::yield_now();
        }
    }

    /// A worker's life: it starts at generation 0, the pool's first, so that a job posted
    /// before the thread ran is still its to help with.
    fn worker(&self) {
        let mut seen = 0;
        loop {
            seen = self.next_generation(seen);
            // SAFETY: the generation was Acquired after the caller wrote the job.
            let job = unsafe { *self.job.get() };
            self.work(job);
            self.busy.fetch_sub(1, Ordering::Release);
        }
    }

    /// Waits for a generation other than `seen`: spinning for `SPIN`, then asleep.
    fn next_generation(&self, seen: u64) -> u64 {
        let start = Instant::now();
        let mut spins = 0u32;
        loop {
            let now = self.generation.load(Ordering::Acquire);
            if now != seen {
                return now;
            }
            self.pause(spins);
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(1024) && start.elapsed() > SPIN {
                break;
            }
        }
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.sleeping.fetch_add(1, Ordering::SeqCst);
        loop {
            let now = self.generation.load(Ordering::SeqCst);
            if now != seen {
                self.sleeping.fetch_sub(1, Ordering::SeqCst);
                return now;
            }
            guard = self.wake.wait(guard).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// The job a pool holds before its first.
static NOTHING: fn(usize) = |_| {};

/// The pool: `workers` threads beside the caller.
pub struct Pool {
    shared: Arc<Shared>,
    workers: usize,
    /// One job at a time.
    running: Mutex<()>,
}

impl Pool {
    fn new(threads: usize) -> Self {
        let shared = Arc::new(Shared {
            generation: AtomicU64::new(0),
            job: UnsafeCell::new(Job { f: &NOTHING, n: 0 }),
            next: AtomicUsize::new(0),
            busy: AtomicUsize::new(0),
            panicked: AtomicBool::new(false),
            sleeping: AtomicUsize::new(0),
            lock: Mutex::new(()),
            wake: Condvar::new(),
            crowded: std::thread::available_parallelism().is_ok_and(|cpus| threads > cpus.get()),
        });
        let mut workers = 0;
        for i in 1..threads {
            let s = Arc::clone(&shared);
            let spawned = std::thread::Builder::new()
                .name(format!("redacteur-pool-{i}"))
                .spawn(move || s.worker());
            if spawned.is_ok() {
                workers += 1;
            }
        }
        Self {
            shared,
            workers,
            running: Mutex::new(()),
        }
    }

    /// The process's pool, as many threads as rayon's (`RAYON_NUM_THREADS`, `-t`).
    pub fn global() -> &'static Pool {
        static POOL: OnceLock<Pool> = OnceLock::new();
        POOL.get_or_init(|| Pool::new(rayon::current_num_threads()))
    }

    /// The threads a job is shared over, the caller's included.
    pub fn threads(&self) -> usize {
        self.workers + 1
    }

    /// Runs `f(0)` .. `f(n - 1)` over the pool's threads and the caller's, and returns when
    /// all have run; a task's panic is the caller's.
    pub fn run(&self, n: usize, f: &(dyn Fn(usize) + Sync)) {
        if n <= 1 || self.workers == 0 {
            return (0..n).for_each(f);
        }
        // A job that panicked left the lock poisoned; the pool itself is whole.
        let _running = match self.running.try_lock() {
            Ok(guard) => guard,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return (0..n).into_par_iter().for_each(f),
        };
        let s = &*self.shared;
        // SAFETY: only the lifetime is erased; `run` returns only once `busy` is 0, after
        // which no worker touches the closure.
        let f_static: *const (dyn Fn(usize) + Sync + 'static) = unsafe { std::mem::transmute(f) };
        // SAFETY: every worker finished the last job (`busy` was 0) and none reads `job`
        // until it sees the bump below.
        unsafe { *s.job.get() = Job { f: f_static, n } };
        s.next.store(0, Ordering::Relaxed);
        s.panicked.store(false, Ordering::Relaxed);
        s.busy.store(self.workers, Ordering::Relaxed);
        s.generation.fetch_add(1, Ordering::SeqCst);
        if s.sleeping.load(Ordering::SeqCst) > 0 {
            let _guard = s.lock.lock().unwrap_or_else(|e| e.into_inner());
            s.wake.notify_all();
        }
        let mine = catch_unwind(AssertUnwindSafe(|| s.work(Job { f: f_static, n })));
        let mut spins = 0u32;
        while s.busy.load(Ordering::Acquire) > 0 {
            s.pause(spins);
            spins = spins.wrapping_add(1);
        }
        if let Err(payload) = mine {
            resume_unwind(payload);
        }
        assert!(
            !s.panicked.load(Ordering::Relaxed),
            "a task of the thread pool panicked"
        );
    }

    /// Runs `f(i, chunk i)` for each `size`-long chunk of `out` (the last may be shorter).
    pub fn chunks_mut<T: Send>(
        &self,
        out: &mut [T],
        size: usize,
        f: impl Fn(usize, &mut [T]) + Sync,
    ) {
        let len = out.len();
        self.row_chunks_mut(out, len.max(1), size, |_, c, part| f(c, part));
    }

    /// Runs `f(row, c, chunk c of the row)` for each `size`-long chunk of each `width`-long
    /// row of `out` (a row's last chunk may be shorter).
    pub fn row_chunks_mut<T: Send>(
        &self,
        out: &mut [T],
        width: usize,
        size: usize,
        f: impl Fn(usize, usize, &mut [T]) + Sync,
    ) {
        let (len, ptr) = (out.len(), SendPtr(out.as_mut_ptr()));
        let per_row = width.div_ceil(size.max(1));
        self.run(len.div_ceil(width) * per_row, &|i| {
            let (row, c) = (i / per_row, i % per_row);
            let start = row * width + c * size;
            let end = (start + size).min((row + 1) * width).min(len);
            let p = &ptr;
            // SAFETY: chunks are disjoint and within `out`, which is borrowed mutably for the
            // call.
            f(row, c, unsafe {
                std::slice::from_raw_parts_mut(p.0.add(start), end - start)
            });
        });
    }

    /// Runs `f(i, row i)` for each `width`-long row of `out`, rows grouped into a few tasks
    /// a thread.
    pub fn rows_mut<T: Send>(
        &self,
        out: &mut [T],
        width: usize,
        f: impl Fn(usize, &mut [T]) + Sync,
    ) {
        let rows = out.len() / width.max(1);
        let per = rows.div_ceil(self.threads() * 4).max(1);
        self.chunks_mut(out, per * width, |c, part| {
            for (k, row) in part.chunks_exact_mut(width).enumerate() {
                f(c * per + k, row);
            }
        });
    }

    /// Runs `f(i, a's row i, b's row i)` for each row of `a` (rows `wa` long) and of `b`
    /// (rows `wb` long, the last may be shorter), which have as many rows, grouped into a few
    /// tasks a thread.
    pub fn rows_mut2<A: Send, B: Send>(
        &self,
        a: &mut [A],
        wa: usize,
        b: &mut [B],
        wb: usize,
        f: impl Fn(usize, &mut [A], &mut [B]) + Sync,
    ) {
        let rows = a.len() / wa.max(1);
        let (b_len, wb) = (b.len(), wb.max(1));
        assert_eq!(b_len.div_ceil(wb), rows, "rows of both");
        let per = rows.div_ceil(self.threads() * 4).max(1);
        let pb = SendPtr(b.as_mut_ptr());
        self.chunks_mut(a, per * wa, |c, part| {
            for (k, row) in part.chunks_exact_mut(wa).enumerate() {
                let i = c * per + k;
                let p = &pb;
                // SAFETY: row `i` of `b` is within `b` (as many rows as `a`), borrowed
                // mutably for the call, and no other task has the same `i`.
                let len = wb.min(b_len - i * wb);
                f(i, row, unsafe {
                    std::slice::from_raw_parts_mut(p.0.add(i * wb), len)
                });
            }
        });
    }
}

struct SendPtr<T>(*mut T);
// SAFETY: used only by `chunks_mut`, whose tasks write disjoint chunks.
unsafe impl<T: Send> Send for SendPtr<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for SendPtr<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_runs_once_in_each_of_many_jobs() {
        let pool = Pool::new(3);
        for n in [0, 1, 2, 3, 7, 100] {
            for _ in 0..200 {
                let counts: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(0)).collect();
                pool.run(n, &|i| {
                    counts[i].fetch_add(1, Ordering::Relaxed);
                });
                assert!(
                    counts.iter().all(|c| c.load(Ordering::Relaxed) == 1),
                    "n = {n}"
                );
            }
        }
    }

    #[test]
    fn a_pool_with_more_threads_than_cpus_runs_every_task() {
        let cpus = std::thread::available_parallelism().map_or(1, |c| c.get());
        let pool = Pool::new(cpus * 4);
        assert!(pool.shared.crowded);
        let total = AtomicUsize::new(0);
        for _ in 0..500 {
            pool.run(cpus * 8, &|_| {
                total.fetch_add(1, Ordering::Relaxed);
            });
        }
        assert_eq!(total.load(Ordering::Relaxed), 500 * cpus * 8);
    }

    #[test]
    fn jobs_after_the_workers_slept_still_run() {
        let pool = Pool::new(2);
        let total = AtomicUsize::new(0);
        pool.run(4, &|i| {
            total.fetch_add(i, Ordering::Relaxed);
        });
        std::thread::sleep(SPIN * 3);
        pool.run(4, &|i| {
            total.fetch_add(i, Ordering::Relaxed);
        });
        assert_eq!(total.load(Ordering::Relaxed), 12);
    }

    #[test]
    fn chunks_cover_the_slice_once() {
        let pool = Pool::new(2);
        let mut v = vec![0usize; 1003];
        pool.chunks_mut(&mut v, 10, |i, c| c.iter_mut().for_each(|x| *x += i + 1));
        for (j, x) in v.iter().enumerate() {
            assert_eq!(*x, j / 10 + 1);
        }
    }

    #[test]
    fn row_chunks_stop_at_each_row() {
        let pool = Pool::new(2);
        let mut v = vec![(0usize, 0usize); 3 * 25];
        pool.row_chunks_mut(&mut v, 25, 10, |r, c, part| {
            assert!(part.len() == 10 || (c == 2 && part.len() == 5));
            part.iter_mut().for_each(|x| *x = (r, c));
        });
        for (j, x) in v.iter().enumerate() {
            assert_eq!(*x, (j / 25, j % 25 / 10));
        }
    }

    #[test]
    fn a_task_panic_reaches_the_caller_and_the_pool_goes_on() {
        let pool = Pool::new(2);
        let hit = catch_unwind(AssertUnwindSafe(|| {
            pool.run(8, &|i| assert!(i != 5, "task five"));
        }));
        assert!(hit.is_err());
        // The next job still runs on the pool's own worker, not through rayon.
        let on_worker = AtomicBool::new(false);
        pool.run(256, &|_| {
            if std::thread::current().name() == Some("redacteur-pool-1") {
                on_worker.store(true, Ordering::Relaxed);
            }
            std::thread::sleep(Duration::from_micros(200));
        });
        assert!(on_worker.load(Ordering::Relaxed));
        let total = AtomicUsize::new(0);
        pool.run(8, &|_| {
            total.fetch_add(1, Ordering::Relaxed);
        });
        assert_eq!(total.load(Ordering::Relaxed), 8);
    }

    #[test]
    fn a_busy_pool_hands_the_job_to_rayon() {
        let pool = Pool::new(2);
        let total = AtomicUsize::new(0);
        pool.run(4, &|_| {
            pool.run(3, &|_| {
                total.fetch_add(1, Ordering::Relaxed);
            });
        });
        assert_eq!(total.load(Ordering::Relaxed), 12);
    }
}
