//! `make bench`: native `validate` of the K7 example (goal ≤ 20 µs) and of growing whitelists
//! (goal ≤ 10 ms at 10,000 entries, and linear: the time per entry stays flat).

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
}
