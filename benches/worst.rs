//! `make bench`: the worst-case generator. Each hostile family of `tests/hostile/families.rs`
//! at the size limit (1 MiB), against the benign spec of the same size (a whitelist of ranges,
//! names and wildcards): the time of `validate` and of `render` (YAML included), the ratio
//! hostile / benign, and the worst ratio found (goal ≤ 3x). `K7_WORST_SIZE` sets another size,
//! `K7_WORST_ONLY` keeps the families whose name holds it. Then the peak heap of validate and
//! render for a refused 10 MiB input and for the benign spec.
//! A measurement, not a test: `tests/hostile.rs` checks the bounds by counting.

mod harness;

#[path = "../tests/hostile/families.rs"]
mod families;

use std::time::{Duration, Instant};

use k7_spec::{RenderOptions, render, validate};

/// The median of `harness::median`, or one run when a run takes longer than a second (the
/// cliffs this looks for take seconds).
fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    std::hint::black_box(f());
    let once = start.elapsed();
    if once > Duration::from_secs(1) {
        once
    } else {
        harness::median(f)
    }
}

fn main() {
    let size = std::env::var("K7_WORST_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1 << 20);
    let options = RenderOptions::default();
    let benign = families::benign(size);
    let validate_base = time(|| validate(&benign));
    let render_base = time(|| render(&benign, &options));
    println!(
        "| hostile family ({} KiB) | validate | ratio | render | ratio | rendered |\n|---|---:|---:|---:|---:|---|",
        size / 1024
    );
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
    let (mut worst_validate, mut worst_render) = ((0.0, ""), (0.0, ""));
    let only = std::env::var("K7_WORST_ONLY").unwrap_or_default();
    for family in families::FAMILIES.iter().filter(|f| f.name.contains(&only)) {
        let spec = (family.generate)(size);
        assert!(spec.len() <= size, "{}: {} bytes", family.name, spec.len());
        assert_eq!(
            render(&spec, &options).ok,
            family.renders,
            "{}",
            family.name
        );
        let v = time(|| validate(&spec));
        let r = time(|| render(&spec, &options));
        let (rv, rr) = (
            v.as_secs_f64() / validate_base.as_secs_f64(),
            r.as_secs_f64() / render_base.as_secs_f64(),
        );
        if rv > worst_validate.0 {
            worst_validate = (rv, family.name);
        }
        if rr > worst_render.0 {
            worst_render = (rr, family.name);
        }
        println!(
            "| {} | {} | {rv:.2}x | {} | {rr:.2}x | {} |",
            family.name,
            ms(v),
            ms(r),
            family.renders
        );
    }
    // Memory: a refused input holds less than an accepted one of the limit's size.
    let both = |spec: &str| (validate(spec), render(spec, &options));
    let newlines = "\n".repeat(10 << 20);
    harness::memory_row(
        "refused: 10 MiB of newlines",
        newlines.len(),
        harness::peak_heap(|| both(&newlines)),
    );
    harness::memory_row(
        "accepted: the benign spec",
        benign.len(),
        harness::peak_heap(|| both(&benign)),
    );
    let verdict = |ratio: f64| if ratio <= 3.0 { "ok" } else { "OVER" };
    println!(
        "| worst validate: {} | | {:.2}x | | | goal ≤ 3x: {} |",
        worst_validate.1,
        worst_validate.0,
        verdict(worst_validate.0)
    );
    println!(
        "| worst render: {} | | | | {:.2}x | goal ≤ 3x: {} |",
        worst_render.1,
        worst_render.0,
        verdict(worst_render.0)
    );
}
