//! A small timing harness shared by the benchmark programs: the median of repeated runs, so a
#![allow(dead_code)] // each benchmark uses a part of the harness
//! stray pause on a busy machine does not move the figure.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The K7 example spec (docs/semantics.md), the reference input of every benchmark.
pub const EXAMPLE: &str = include_str!("../../tests/fixtures/valid--k7-example.yaml");

/// `reach`'s query on [`EXAMPLE`], as benches/wasm.mjs asks it too.
pub const REACH_EXAMPLE: &str = "pypi.org:443";

/// `reach`'s query on [`mixed_whitelist`]: an outside address that none of its ranges holds.
pub const REACH_WHITELIST: &str = "internet";

/// A spec whose `egress_whitelist` has `n` distinct CIDR entries.
pub fn whitelist(n: usize) -> String {
    let mut s = String::from("name: demo\nimage: alpine:3.20\negress_whitelist:\n");
    for i in 0..n {
        s.push_str(&format!("  - 10.{}.{}.0/24\n", (i >> 8) & 255, i & 255));
    }
    s
}

/// A spec whose `egress_whitelist` has `n` entries: CIDRs, DNS names and `*.` wildcards in turn,
/// so rendering builds the CiliumNetworkPolicy with every kind of rule.
pub fn mixed_whitelist(n: usize) -> String {
    let mut s = String::from("name: demo\nimage: alpine:3.20\nbackend: k7d\negress_whitelist:\n");
    for i in 0..n {
        let entry = match i % 3 {
            0 => format!("10.{}.{}.0/24", (i >> 8) & 255, i & 255),
            1 => format!("host-{i}.example.com"),
            _ => format!("\"*.svc-{i}.example.org\""),
        };
        s.push_str(&format!("  - {entry}\n"));
    }
    s
}

/// Median time of one call of `f`, over enough runs to fill about half a second: the CPU time of
/// this thread where the system tells it (Linux), so that other processes on a shared machine do
/// not count; `benches/wasm.mjs` times the wasm by the CPU time of Node in the same way.
pub fn median<T>(mut f: impl FnMut() -> T) -> Duration {
    let start = cpu_time();
    black_box(f());
    let once = (cpu_time() - start).max(Duration::from_nanos(50));
    let runs = (Duration::from_millis(500).as_nanos() / once.as_nanos()).clamp(5, 20_000) as usize;
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = cpu_time();
            black_box(f());
            cpu_time() - t
        })
        .collect();
    samples.sort();
    samples[runs / 2]
}

/// The CPU time this thread has used (Linux), or else the time since the first call.
fn cpu_time() -> Duration {
    #[cfg(target_os = "linux")]
    {
        unsafe extern "C" {
            fn clock_gettime(clock: i32, time: *mut [i64; 2]) -> i32;
        }
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut time = [0i64; 2];
        // SAFETY: `time` has the layout of the 64-bit `struct timespec` the call fills.
        if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut time) } == 0 {
            return Duration::new(time[0] as u64, time[1] as u32);
        }
    }
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Prints one row: the case, the median, the time per whitelist entry (flat when linear), and
/// the goal when the issue sets one.
pub fn row(case: &str, entries: usize, time: Duration, goal: Option<Duration>) {
    let per_entry = if entries > 0 {
        format!("{:>8.1} ns", time.as_nanos() as f64 / entries as f64)
    } else {
        format!("{:>11}", "-")
    };
    let goal = goal.map_or(String::new(), |g| {
        let verdict = if time <= g { "ok" } else { "OVER" };
        format!("goal ≤ {:.0} µs: {verdict}", g.as_secs_f64() * 1e6)
    });
    println!(
        "| {case:<32} | {:>10.1} µs | {per_entry} | {goal} |",
        time.as_secs_f64() * 1e6
    );
}

/// Counts the heap in use and its peak, so a benchmark can report memory next to time.
struct Counting;

static IN_USE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use std::sync::atomic::Ordering::Relaxed;
        let now = IN_USE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        // SAFETY: the caller's layout is passed on as is.
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        IN_USE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap `f` holds at once, beyond what was in use before it ran.
pub fn peak_heap<T>(f: impl FnOnce() -> T) -> usize {
    use std::sync::atomic::Ordering::Relaxed;
    let before = IN_USE.load(Relaxed);
    PEAK.store(before, Relaxed);
    drop(black_box(f()));
    PEAK.load(Relaxed) - before
}

/// Prints one memory row: the case, the peak heap, and the heap per byte of input.
pub fn memory_row(case: &str, input: usize, peak: usize) {
    println!(
        "| {case:<32} | {:>10.1} MiB | {:>11} | peak heap: {:.1} bytes per byte of its {:.0} KiB input |",
        peak as f64 / 1048576.0,
        "-",
        peak as f64 / input as f64,
        input as f64 / 1024.0
    );
}
