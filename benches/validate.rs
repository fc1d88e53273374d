//! `make bench`: native `validate` of the K7 example (goal ≤ 20 µs) and of growing whitelists
//! (goal ≤ 10 ms at 10,000 entries, and linear: the time per entry stays flat); and the peak
//! heap for the largest spec accepted (1 MiB).

mod harness;

use std::time::Duration;

fn main() {
    println!("| native validate | median | per entry | goal |\n|---|---|---|---|");
    let t = harness::median(|| k7_spec::validate(harness::EXAMPLE));
    harness::row(
        "validate: K7 example",
        0,
        t,
        Some(Duration::from_micros(20)),
    );
    for n in [100, 1_000, 10_000] {
        let spec = harness::whitelist(n);
        let t = harness::median(|| k7_spec::validate(&spec));
        let goal = (n == 10_000).then_some(Duration::from_millis(10));
        harness::row(&format!("validate: {n}-entry whitelist"), n, t, goal);
    }
    // Memory at the input bound: the largest spec the reader accepts (1 MiB).
    let largest = harness::whitelist(65_000);
    let largest = &largest[..largest.len().min(1 << 20)];
    let largest = &largest[..largest.rfind('\n').unwrap_or(0) + 1];
    let peak = harness::peak_heap(|| k7_spec::validate(largest));
    harness::memory_row("validate: 1 MiB spec", largest.len(), peak);
}
