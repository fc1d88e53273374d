"""The two command lines side by side (`make bench`, from scripts/bench.sh): the native `k7-spec`
(crates/cli) and the npm package's, installed from the tarball.

  python3 benches/cli.py NATIVE NODE_CLI

- cold start: one `validate` of K7's example, the median of 21 runs of each (goal: native at
  least 20x faster);
- throughput: 1,000 spec files (copies of the example under a directory) in one invocation,
  files per second (the median of 5 runs), and the peak memory (max RSS, from wait4) of each.
Prints Markdown table rows.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(REPO, "tests/fixtures/valid--k7-example.yaml")
FILES = 1000


def run(command):
    """Seconds and peak RSS (KiB) of one run; its output is discarded, its status checked."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"bench: {command} exited with {status}")
    return elapsed, usage.ru_maxrss


def median(command, runs):
    samples = [run(command) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def main():
    native, node = sys.argv[1:3]
    clis = [("native", [native]), ("Node", [node])]
    cold = {name: median([*cli, "validate", EXAMPLE], 21) for name, cli in clis}
    work = tempfile.mkdtemp(prefix="k7-spec-bench-cli-")
    try:
        for i in range(FILES):
            shutil.copy(EXAMPLE, os.path.join(work, f"spec-{i:04}.k7.yaml"))
        many = {name: median([*cli, "validate", "--quiet", work], 5) for name, cli in clis}
    finally:
        shutil.rmtree(work)
    ratio = cold["Node"][0] / cold["native"][0]
    print("| command line | native `k7-spec` | Node `k7-spec` (npm) | native faster | goal |")
    print("|---|---:|---:|---:|---|")
    print(
        f"| cold start: `validate` of K7's example (median of 21) | {cold['native'][0] * 1e3:.1f} ms "
        f"| {cold['Node'][0] * 1e3:.1f} ms | {ratio:.0f}x | native >= 20x |"
    )
    rate = {name: FILES / seconds for name, (seconds, _) in many.items()}
    print(
        f"| {FILES:,} spec files in one `validate` (median of 5) | {rate['native']:,.0f} files/s "
        f"| {rate['Node']:,.0f} files/s | {rate['native'] / rate['Node']:.1f}x | |"
    )
    print(
        f"| peak memory (max RSS) of that run | {many['native'][1] / 1024:.1f} MiB "
        f"| {many['Node'][1] / 1024:.1f} MiB | | |"
    )


if __name__ == "__main__":
    main()
