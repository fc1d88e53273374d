# k7-spec: the README's commands. Install steps live in scripts/ and run from here, so a fresh
# clone on a fresh machine needs nothing but `make`.
#
#   make check   the fast inner loop: formatting, lints, every native test (no wasm, no browser)
#   make test    the complete suite, what CI runs (.ci/run): check's parts, rustdoc, then the
#                rendered manifests, the wasm boundary, the npm package, the editor, the PyPI
#                package and reach against network-config-analyzer
.PHONY: run check test rust-test manifests-test reports-test wasm-test package package-test www-test python-test reach-test bench

test: rust-test manifests-test reports-test wasm-test package-test www-test python-test reach-test

# The package, the editor's dependencies (npm ci) and its static site, then a server on
# http://127.0.0.1:8080 with the K7 example loaded; Ctrl+C stops it.
run: package
	bash scripts/www.sh run

# The inner loop: formatting, lints, and every native suite (unit, fixtures and snapshots,
# doc-tests, proptest) and the native command's (crates/cli). One fixture or test alone:
# `cargo test cidr_host_bits`.
check:
	bash scripts/rust-tools.sh
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test -p k7-spec -p k7-spec-cli

# check, and the API docs with rustdoc's warnings as errors.
rust-test: check
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

# Every rendered fixture through kubernetes-validate --strict (Kubernetes 1.37), read back by a
# YAML 1.1 parser, and the hardened fixture through checkov (pip venv under build/).
manifests-test:
	scripts/check-manifests.sh

# The report formats' reviewed snapshots (tests/snapshots/report/, kept equal to the core's output
# by tests/report.rs) through outside validators: the SARIF 2.1.0 schema, Jenkins' JUnit XSD and
# junitparser, GitLab's Code Quality fields (pip venv under build/).
reports-test:
	bash scripts/pyvenv.sh
	build/venv/bin/python tests/report/check.py

# The JS boundary with wasm-bindgen-test, in Node and in headless Chromium. Chromium leaves
# temporary folders behind when the runner stops it: they go to build/tmp/wasm-test, removed after.
wasm-test:
	bash scripts/wasm-tools.sh
	rm -rf build/tmp/wasm-test && mkdir -p build/tmp/wasm-test
	TMPDIR="$(CURDIR)/build/tmp/wasm-test" bash scripts/wasm-test.sh; \
	  status=$$?; rm -rf build/tmp/wasm-test; exit $$status

# The npm package in pkg/ (`npm pack ./pkg` works), the editor's, k7-spec-codemirror, in
# pkg-codemirror/ (built from www/src; see packages/k7-spec-codemirror/README.md), and the PyPI
# package k7-spec's wheel (the module and the native command) and sdist in build/python/.
package:
	bash scripts/package.sh
	bash scripts/www.sh package
	bash scripts/python.sh build

# The packed tarball installed next to the test tools in build/package-test/ (the tools' npm ci is
# cached there, keyed by their lock file): Node, the CLI, types (tsc without the DOM lib), publint,
# attw, the pre-commit hook with the real pre-commit (build/venv), the GitHub Action, Vite + Chromium.
package-test: package
	bash scripts/package-test.sh

# The PyPI package as users get it: the wheel installed into a fresh venv (build/python/test-venv),
# pytest on tests/python/ (the module's results against the installed k7-spec command's JSON on
# every fixture, misuse, the command on PATH, the README's example), mypy --strict on a user's code.
python-test: package
	bash scripts/python.sh test

# reach against an independent evaluator: the rendered v1 NetworkPolicies of every fixture, K7
# golden spec and generated spec, with a world of pods, namespaces and outside addresses, through
# network-config-analyzer (build/nca-venv); its allow/deny answers and reach's, connection by
# connection and phase by phase, must agree or differ by a documented Cilium or K7 rule.
reach-test: package
	bash scripts/pyvenv.sh nca
	build/nca-venv/bin/python tests/reach/compare.py

# The editor in Chromium through playwright-core: previews, diagnostics, Explain, share links,
# autosave, hostile text, the embeddable element; then k7-spec-codemirror's example, packed,
# installed, type-checked, built by Vite and run in Chromium. Screenshots in build/www/.
www-test: package
	bash scripts/www.sh test
	bash scripts/codemirror-test.sh

# One table: wasm size, render latency in Node next to a bare `yaml` parse, native figures, and
# the editor in Chromium (page transfer, cold load, keystroke to preview).
bench: package
	bash scripts/bench.sh
