"""Warnings about an SLO: ``Slo.warnings``, one ``SlogateWarning`` per parse, and
``strict=True``."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

import slogate

MISSPELT = "objectives:\n  - sli: p95\n    keySli: true\n    pas: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n"

KEY_SLI = {
    "code": "unknown_key",
    "path": "objectives[0].keySli",
    "line": 3,
    "column": 5,
    "message": "unknown key 'keySli'; did you mean 'key_sli'?",
}
PASS = {
    "code": "unknown_key",
    "path": "objectives[0].pas",
    "line": 4,
    "column": 5,
    "message": "unknown key 'pas'; did you mean 'pass'?",
}


def test_each_unknown_key_is_listed_with_its_place() -> None:
    with pytest.warns(slogate.SlogateWarning):
        slo = slogate.Slo.from_yaml(MISSPELT)
    assert slo.warnings == [KEY_SLI, PASS]
    assert slogate.ErrorCode(slo.warnings[0]["code"]) is slogate.ErrorCode.UNKNOWN_KEY


def test_one_python_warning_per_parse_pointing_at_the_caller() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        slogate.Slo.from_yaml(MISSPELT)
    assert len(caught) == 1
    warning = caught[0]
    assert issubclass(warning.category, slogate.SlogateWarning)
    assert issubclass(warning.category, UserWarning)
    assert warning.filename == __file__
    assert str(warning.message) == (
        "2 warnings in the SLO:\n"
        "  - objectives[0].keySli (line 3, column 5): unknown key 'keySli'; did you mean 'key_sli'?\n"
        "  - objectives[0].pas (line 4, column 5): unknown key 'pas'; did you mean 'pass'?"
    )
    assert isinstance(warning.message, slogate.SlogateWarning)
    assert warning.message.warnings == [KEY_SLI, PASS]


def test_a_clean_slo_warns_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        slo = slogate.Slo.from_yaml(MISSPELT.replace("keySli", "key_sli").replace("pas:", "pass:"))
    assert slo.warnings == []


def test_strict_refuses_warnings(tmp_path: Path) -> None:
    with pytest.raises(slogate.SloError) as info:
        slogate.Slo.from_yaml(MISSPELT, strict=True)
    assert info.value.code == "unknown_key"
    assert info.value.errors() == [KEY_SLI, PASS]
    path = tmp_path / "slo.yaml"
    path.write_text(MISSPELT)
    with pytest.raises(slogate.SloError) as file_info:
        slogate.Slo.from_file(path, strict=True)
    assert file_info.value.code == "unknown_key"
    with pytest.warns(slogate.SlogateWarning):
        assert slogate.Slo.from_file(path).warnings == [KEY_SLI, PASS]


def test_informational_duplicates_and_zero_weights_are_accepted() -> None:
    text = "objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\n  - sli: p95\n  - sli: cpu\n    weight: 0\ntotal_score: {pass: 90%}\n"
    with pytest.warns(slogate.SlogateWarning):
        slo = slogate.Slo.from_yaml(text)
    assert [w["code"] for w in slo.warnings] == ["duplicate_info_objective"]
    ev = slo.evaluate({"p95": 700.0, "cpu": 1.0})
    assert (ev.result, ev.score) == ("fail", 0.0)
    assert [i.status for i in ev.indicators] == ["fail", "info", "info"]


def test_the_readme_example_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Warnings, refusals and strict mode") :]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None
    code = block.group(1)
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102
    expected = [m.group(1).strip() for m in re.finditer(r"^\s*print\(.*\)\s*# (.*)$", code, re.M)]
    assert len(expected) == 3
    assert capsys.readouterr().out.splitlines() == expected
