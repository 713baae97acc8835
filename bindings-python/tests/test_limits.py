"""Arguments and files that once took the interpreter down: each case runs in a child
interpreter, so that an abort fails the test instead of ending the test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import GATE_YAML


def run_child(code: str) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a fresh interpreter with `slogate` importable; it prints its findings."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_huge_json_indent_is_refused_with_a_code() -> None:
    child = run_child(
        f"""
        import slogate
        ev = slogate.Slo.from_yaml({GATE_YAML!r}).evaluate({{"response_time_p95": 1, "error_rate": 0}})
        assert ev.to_json(indent=2).startswith('{{\\n  "')
        try:
            ev.to_json(indent=10**9)
        except slogate.SloError as err:
            print(err.code, err.path, err)
        """
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout == (
        "indent_too_wide indent indent: an indentation of 1000000000 spaces is wider than the limit of 16\n"
    )


def test_an_endless_or_huge_slo_file_is_refused_with_a_code(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as file:
        file.truncate(10 * 1024**3)  # sparse: 10 GB of zeros on no disk space
    for path in ["/dev/zero", str(huge)]:
        child = run_child(
            f"""
            import slogate
            try:
                slogate.Slo.from_file({path!r})
            except slogate.SloError as err:
                print(err.code, err)
            """
        )
        assert child.returncode == 0, child.stderr
        assert child.stdout == "document_too_large the SLO is larger than the limit of 8388608 bytes\n"


def test_an_endless_history_is_refused_with_a_code() -> None:
    child = run_child(
        f"""
        import itertools, slogate
        slo = slogate.Slo.from_yaml({GATE_YAML!r})
        ev = slo.evaluate({{"response_time_p95": 1, "error_rate": 0}})
        try:
            slo.evaluate({{"response_time_p95": 1, "error_rate": 0}}, itertools.repeat(ev))
        except slogate.SloError as err:
            print(err.code, err)
        """
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout == "history_too_long history: more than the limit of 10000 stored evaluations were passed\n"
