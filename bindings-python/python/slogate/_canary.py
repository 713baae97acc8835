"""Canary judgement: a canary's samples against a baseline running at the same time."""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional, Sequence, Union

from ._convert import to_json
from ._slogate import judge_canary_json

Samples = Union[Mapping[str, Union[float, Sequence[float]]], Sequence[Mapping[str, Any]]]


def canary(
    baseline: Samples,
    canary: Samples,
    *,
    slo: Optional[str] = None,
    metrics: Optional[Sequence[Mapping[str, Any]]] = None,
    confidence: float = 0.95,
    tolerance: float = 0.0,
    pass_threshold: float = 95.0,
    marginal_threshold: float = 75.0,
) -> Dict[str, Any]:
    """Judges ``canary`` against ``baseline``: a Mann-Whitney U test per metric, scored by weight.

    Samples are ``{"metric": [numbers]}`` (or a list of such dicts, one per run). ``slo`` (YAML
    text) or ``metrics`` (``[{"name", "weight", "direction", "critical"}]``) choose the metrics
    and weights; without either, every metric counts with weight 1. Returns the judgement as a
    dict: ``result`` (``pass``, ``marginal``, ``fail``), ``score``, ``reason``, ``summary`` and
    ``metrics``, each with its ``classification`` and ``explanation``. Raises
    :class:`slogate.SloError` on invalid samples or settings.
    """
    options: Dict[str, Any] = {
        "confidence": confidence,
        "tolerance": tolerance,
        "passThreshold": pass_threshold,
        "marginalThreshold": marginal_threshold,
    }
    if slo is not None:
        options["slo"] = slo
    if metrics is not None:
        options["metrics"] = to_json(list(metrics), "metrics")
    samples = [json.dumps(to_json(s, name)) for s, name in ((baseline, "baseline"), (canary, "canary"))]
    result: Dict[str, Any] = json.loads(judge_canary_json(samples[0], samples[1], json.dumps(options)))
    return result
