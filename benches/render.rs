//! Native `render` timing: the K7 example and generated whitelists of 100, 1,000 and 10,000
//! entries. Goals: at most 50 µs for the example (YAML included), at most 20 ms for 10,000
//! entries, growing linearly. Run with `cargo bench --bench render`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use k7_spec::{RenderOptions, render};

/// A spec whose whitelist mixes ranges and names, `n` entries in all.
fn whitelist_spec(n: usize) -> String {
    let mut text =
        String::from("name: bench\nimage: alpine:3.20\nbackend: k7d\negress_whitelist:\n");
    for i in 0..n {
        let entry = match i % 3 {
            0 => format!("10.{}.{}.0/24", (i >> 8) & 255, i & 255),
            1 => format!("host-{i}.example.com"),
            _ => format!("\"*.svc-{i}.example.org\""),
        };
        text.push_str("  - ");
        text.push_str(&entry);
        text.push('\n');
    }
    text
}

/// The median time of one `render`, over enough runs to fill about `budget`.
fn measure(spec: &str, budget: Duration) -> Duration {
    let options = RenderOptions::default();
    let first = Instant::now();
    let rendering = black_box(render(black_box(spec), &options));
    assert!(rendering.ok, "{:?}", rendering.diagnostics);
    let once = first.elapsed().max(Duration::from_nanos(1));
    let runs = (budget.as_nanos() / once.as_nanos()).clamp(5, 20_000) as usize;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(render(black_box(spec), &options));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let example = include_str!("../tests/fixtures/k7-example.yaml");
    let mut rows = vec![(
        "k7-example.yaml".to_owned(),
        1,
        measure(example, Duration::from_secs(1)),
    )];
    for n in [100, 1_000, 10_000] {
        let spec = whitelist_spec(n);
        rows.push((
            format!("whitelist of {n}"),
            n,
            measure(&spec, Duration::from_secs(2)),
        ));
    }
    println!("{:<20} {:>12} {:>14}", "input", "median", "per entry");
    for (name, n, t) in &rows {
        let per = t.as_nanos() as f64 / *n as f64;
        println!("{name:<20} {:>12} {:>11.0} ns", format!("{t:.1?}"), per);
    }
}
