"""Python values to the data the core decodes.

Wrong Python types raise :class:`SloTypeError` naming the argument and the offending key;
values the core refuses raise :class:`SloError` with the core's code.
"""

from __future__ import annotations

import math
import operator
import os
from collections.abc import Mapping
from typing import Any, Dict, List, NoReturn, Optional

from . import _slogate
from ._errors import SloTypeError

#: Deepest nesting of Python containers turned into JSON; deeper (or self-containing) data
#: is refused instead of exhausting the stack.
MAX_DEPTH = 128

#: One value as the core takes it: Keptn's ``indicatorValues`` entry, every field given.
Value = Dict[str, Any]


def type_name(obj: Any) -> str:
    """The Python type name of ``obj``, for messages."""
    return type(obj).__name__


def short_repr(obj: Any) -> str:
    """``repr(obj)``, shortened for messages."""
    try:
        text = repr(obj)
    except Exception:
        text = "<unprintable>"
    return text if len(text) <= 60 else text[:57] + "..."


def type_error(message: str) -> NoReturn:
    """Raises a :class:`SloTypeError` (code ``invalid_input``)."""
    raise SloTypeError(message, kind="input")


def wrong(path: str, expected: str, found: Any) -> NoReturn:
    type_error(f"{path} must be {expected}, found {type_name(found)} {short_repr(found)}")


def refuse(code: str, path: str, message: str) -> NoReturn:
    """Raises the core's :class:`SloError` (kind ``input``) for a refused value."""
    raise _slogate.input_error(code, path, message)


def is_mapping(obj: Any) -> bool:
    """Whether ``obj`` is a ``dict`` or any ``collections.abc.Mapping``."""
    return isinstance(obj, Mapping)


def number(obj: Any, path: str) -> float:
    """A real number: an ``int``, a ``float`` or anything with ``__float__``, but not a
    ``bool`` or text."""
    if isinstance(obj, (bool, str)):
        wrong(path, "a number", obj)
    try:
        if hasattr(type(obj), "__float__"):
            return float(obj)
        if hasattr(type(obj), "__index__"):
            return float(operator.index(obj))
    except OverflowError:
        refuse(
            "non_finite_value",
            path,
            f"{path} is {short_repr(obj)}, too large for a 64-bit float; expected a finite number",
        )
    except (TypeError, ValueError):
        pass
    wrong(path, "a number", obj)


def string(obj: Any, path: str) -> str:
    """A ``str``."""
    if not isinstance(obj, str):
        wrong(path, "a str", obj)
    return str.__str__(obj)


def path(obj: Any, name: str) -> str:
    """A file path: a ``str`` or an ``os.PathLike``."""
    try:
        text = os.fspath(obj)
    except TypeError:
        wrong(name, "a str or os.PathLike", obj)
    return text if isinstance(text, str) else os.fsdecode(text)


def boolean(obj: Any, path: str) -> bool:
    """A ``bool``."""
    if not isinstance(obj, bool):
        wrong(path, "a bool", obj)
    return obj


def _str_keys(path: str, key: Any) -> NoReturn:
    type_error(f"{path} must have str keys, found the {type_name(key)} key {short_repr(key)}")


def to_json(obj: Any, path: str, depth: int = 0) -> Any:
    """Python data (dicts, lists, tuples, str, int, float, bool, None) as JSON-compatible
    data for the core's decoders; ``path`` names the argument in messages."""
    if depth > MAX_DEPTH:
        refuse(
            "invalid_input",
            path,
            f"the data nests deeper than {MAX_DEPTH} levels (or contains itself)",
        )
    if obj is None or isinstance(obj, bool):
        return obj
    if isinstance(obj, int):
        if -(2**63) <= obj < 2**64:
            return int(obj)
        return _finite(number(obj, path), path)
    if isinstance(obj, float):
        return _finite(float(obj), path)
    if isinstance(obj, str):
        return str.__str__(obj)
    if is_mapping(obj):
        out = {}
        for key, value in list(obj.items()):
            if not isinstance(key, str):
                _str_keys(path, key)
            out[str.__str__(key)] = to_json(value, f"{path}[{short_repr(key)}]", depth + 1)
        return out
    if isinstance(obj, (list, tuple)):
        return [to_json(item, f"{path}[{index}]", depth + 1) for index, item in enumerate(obj)]
    wrong(path, "JSON-like data (dict, list, tuple, str, int, float, bool or None)", obj)


def _finite(value: float, path: str) -> float:
    if not math.isfinite(value):
        # The core's sentence for non_finite_value (Problem::non_finite), as Node says it too.
        shown = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        refuse("non_finite_value", path, f"the number at '{path}' is {shown}; expected a finite number")
    return value


def indicator_value(obj: Any, path: str) -> Value:
    """One entry of Keptn's ``indicatorValues`` given as a mapping: ``metric`` (str),
    ``value`` (number; may be absent or None when ``success`` is false), ``success`` (bool,
    default True), ``message`` (str or None). Other keys are ignored, as Keptn does."""
    if not is_mapping(obj):
        wrong(path, "a dict with 'metric', 'value', 'success' and 'message'", obj)
    metric: Optional[str] = None
    value: Optional[float] = None
    success = True
    message = ""
    for key, item in list(obj.items()):
        if not isinstance(key, str):
            _str_keys(path, key)
        at = f"{path}[{short_repr(key)}]"
        if key == "metric":
            metric = string(item, at)
        elif key == "value" and item is not None:
            value = number(item, at)
        elif key == "success":
            success = boolean(item, at)
        elif key == "message" and item is not None:
            message = string(item, at)
    if metric is None:
        type_error(f"{path} has no 'metric'; an indicator value needs a metric name")
    if success and value is None:
        type_error(
            f"{path} has no 'value' for the metric '{metric}'; give a number, or "
            "'success': False for a value that could not be measured"
        )
    return {"metric": metric, "value": 0.0 if value is None else value, "success": success, "message": message}


def values(obj: Any) -> Any:
    """The ``values`` argument: Keptn's get-sli data as JSON (a dict), or the values of a
    mapping metric -> number or of a list of ``indicatorValues`` entries (a list)."""
    if is_mapping(obj):
        keys = list(obj.keys())
        if any(isinstance(k, str) and _slogate.is_shape_key(k) for k in keys):
            return to_json(obj, "values")
        out: List[Value] = []
        for key, value in list(obj.items()):
            if not isinstance(key, str):
                type_error(
                    "values must have str keys (metric names), found the "
                    f"{type_name(key)} key {short_repr(key)}"
                )
            at = f"values[{short_repr(key)}]"
            out.append({"metric": str.__str__(key), "value": number(value, at), "success": True, "message": ""})
        return out
    if isinstance(obj, (list, tuple)):
        return [indicator_value(item, f"values[{i}]") for i, item in enumerate(obj)]
    type_error(
        "values must be a mapping of metric names to numbers or a list of indicator values, "
        f"found {type_name(obj)} {short_repr(obj)}"
    )


def history(obj: Any, evaluation: type) -> List[Any]:
    """The ``history`` argument, newest first: the native handle of each ``Evaluation``
    (``evaluation`` is that class), JSON data for each dict."""
    if obj is None:
        return []
    expected = "history must be a list of Evaluation objects or dicts (newest first)"
    if isinstance(obj, str) or is_mapping(obj):
        type_error(f"{expected}, found {type_name(obj)}")
    try:
        items = iter(obj)
    except TypeError:
        type_error(f"{expected}, found {type_name(obj)}")
    out: List[Any] = []
    for index, item in enumerate(items):
        _slogate.check_history_length(index + 1)
        at = f"history[{index}]"
        if isinstance(item, evaluation):
            out.append(getattr(item, "_native"))
        elif is_mapping(item):
            out.append(to_json(item, at))
        else:
            wrong(at, "an Evaluation or a dict", item)
    return out
