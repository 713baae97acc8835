"""Cost of crossing into slogate from Python.

Times the installed `slogate` package (``import slogate``) on the same workloads the Rust
benchmarks measure, exported by ``cargo run --release -p slogate-benches --example
export_workload``, and subtracts the Rust figures criterion saved under target/criterion
(run ``cargo bench -p slogate-benches --bench evaluate --bench parse`` first; without them
only the Python figures are printed).

    python benches/python_bench.py [--sizes 10x3,100x10]

The crossing cost is what the binding adds to the Rust call: converting the values in, the
result out, and the call itself. `evaluate` passes the history as `Evaluation` objects (as a
harness does with its earlier results); `+dicts` passes the stored dicts, so it also decodes
the history on every call.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import timeit

import slogate

ROOT = pathlib.Path(__file__).resolve().parent.parent


def workload(objectives: int, history: int) -> pathlib.Path:
    out = ROOT / "target" / "bench-workloads" / f"{objectives}x{history}"
    if not (out / "history.json").exists():
        subprocess.run(
            ["cargo", "run", "--quiet", "--release", "-p", "slogate-benches",
             "--example", "export_workload", "--", str(objectives), str(history), str(out)],
            check=True, cwd=ROOT)
    return out


def rust_median_us(group: str, name: str):
    """The median criterion measured for group/name, in microseconds, if it has run."""
    path = ROOT / "target" / "criterion" / group / name / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"] / 1000.0


def median_us(fn, repeat: int = 15) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(number, 10)
    return statistics.median(timer.repeat(repeat=repeat, number=number)) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10x3,100x10,1000x30")
    args = parser.parse_args()
    print(f"{'python':<10} {'workload':<9} {'python µs':>11} {'rust µs':>9} {'crossing µs':>12}")
    for size in args.sizes.split(","):
        objectives, history = (int(n) for n in size.split("x"))
        folder = workload(objectives, history)
        text = (folder / "slo.yaml").read_text()
        values = json.loads((folder / "sli.json").read_text())
        stored = json.loads((folder / "history.json").read_text())
        slo = slogate.Slo.from_yaml(text)
        result = slo.evaluate(values, history=stored)
        assert result is not None
        decoded = [slogate.Evaluation.from_dict(d) for d in stored]
        rows = [
            ("parse", "parse", str(objectives), lambda: slogate.Slo.from_yaml(text)),
            ("evaluate", "evaluate", size, lambda: slo.evaluate(values, history=decoded)),
            ("evaluate", "+dicts", size, lambda: slo.evaluate(values, history=stored)),
        ]
        for group, label, name, fn in rows:
            ours = median_us(fn)
            rust = rust_median_us(group, name)
            crossing = f"{ours - rust:12.2f}" if rust is not None else f"{'-':>12}"
            rust_text = f"{rust:9.2f}" if rust is not None else f"{'-':>9}"
            print(f"{label:<10} {size:<9} {ours:11.2f} {rust_text} {crossing}")


if __name__ == "__main__":
    main()
