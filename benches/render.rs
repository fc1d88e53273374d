//! `make bench`: native `render` (YAML included) of the K7 example (goal ≤ 50 µs) and of growing
//! whitelists that mix ranges, names and wildcards, so every egress object is built (goal
//! ≤ 20 ms at 10,000 entries, and linear: the time per entry stays flat), with the peak heap of
//! the largest.

mod harness;

use std::time::Duration;

use k7_spec::{RenderOptions, render};

fn main() {
    let options = RenderOptions::default();
    let rendered = |spec: &str| {
        let rendering = render(spec, &options);
        assert!(rendering.ok, "{:?}", rendering.diagnostics);
        rendering
    };
    println!("| native render | median | per entry | goal |\n|---|---|---|---|");
    let t = harness::median(|| rendered(harness::EXAMPLE));
    harness::row("render: K7 example", 0, t, Some(Duration::from_micros(50)));
    for n in [100, 1_000, 10_000] {
        let spec = harness::mixed_whitelist(n);
        let t = harness::median(|| rendered(&spec));
        let goal = (n == 10_000).then_some(Duration::from_millis(20));
        harness::row(&format!("render: {n}-entry whitelist"), n, t, goal);
    }
    let spec = harness::mixed_whitelist(10_000);
    let peak = harness::peak_heap(|| rendered(&spec));
    harness::memory_row("render: 10000-entry whitelist", spec.len(), peak);
}
