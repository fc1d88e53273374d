# k7-spec: the README's commands. Install steps live in scripts/ and run from here, so a fresh
# clone on a fresh machine needs nothing but `make`.
.PHONY: test rust-test manifests-test bench

test: rust-test manifests-test

# Formatting, lints, and every native suite (unit, fixtures and snapshots, doc-tests, proptest).
rust-test:
	scripts/rust-tools.sh
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test

# Every rendered fixture through kubernetes-validate --strict (Kubernetes 1.37), read back by a
# YAML 1.1 parser, and the hardened fixture through checkov (pip venv under build/).
manifests-test:
	scripts/check-manifests.sh

bench:
	cargo bench --quiet
