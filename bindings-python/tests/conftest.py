"""Shared fixtures of the slogate Python tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import slogate

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE_DIR = REPO / "core" / "tests" / "conformance"

GATE_YAML = """
objectives:
  - sli: response_time_p95
    pass: [{criteria: ['<=+10%', '<600']}]
    warning: [{criteria: ['<=800']}]
  - sli: error_rate
    key_sli: true
    pass: [{criteria: ['<=0.01']}]
total_score: {pass: 90%, warning: 75%}
"""


@pytest.fixture
def gate() -> slogate.Slo:
    return slogate.Slo.from_yaml(GATE_YAML)
