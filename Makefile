# k7-spec: the README's commands. Install steps live in scripts/ and run from here, so a fresh
# clone on a fresh machine needs nothing but `make`.
.PHONY: test rust-test bench

test: rust-test

# Formatting, lints, and every native suite (unit, fixtures and snapshots, doc-tests, proptest).
rust-test:
	scripts/rust-tools.sh
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test

bench:
	cargo bench --quiet
