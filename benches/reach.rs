//! `make bench`: native `reach` (one connection, every phase, from a render of the spec) on the
//! K7 example and on a 1,000-entry whitelist of ranges, names and wildcards, and `connections`
//! (every connection of one spec, what the editor's picture draws on each keystroke) on both;
//! benches/wasm.mjs times the same calls in Node.

mod harness;

use k7_spec::{Query, RenderOptions, connections, reach};

fn main() {
    let options = RenderOptions::default();
    let big = harness::mixed_whitelist(1_000);
    println!("| native reach | median | per entry | goal |\n|---|---|---|---|");
    // The example whitelists nothing: pypi.org is open before lockdown, denied after.
    let query = Query::to(harness::REACH_EXAMPLE).expect("a destination");
    let t = harness::median(|| answered(reach(harness::EXAMPLE, &query, &options).ok));
    harness::row("reach: K7 example", 0, t, None);
    // An outside address that no range holds: after lockdown it depends on every name.
    let query = Query::to(harness::REACH_WHITELIST).expect("a destination");
    let t = harness::median(|| answered(reach(&big, &query, &options).ok));
    harness::row("reach: 1000-entry whitelist", 1_000, t, None);
    let t = harness::median(|| answered(connections(harness::EXAMPLE, &options).ok));
    harness::row("connections: K7 example", 0, t, None);
    let t = harness::median(|| answered(connections(&big, &options).ok));
    harness::row("connections: 1000-entry whitelist", 1_000, t, None);
}

/// A spec with an error answers nothing: the bench would time the wrong thing.
fn answered(ok: bool) -> bool {
    assert!(ok, "the bench's spec has an error");
    ok
}
