"""Builds the fuzz corpora from the conformance cases (core/tests/conformance/*.json) and
the inputs of crashes found earlier (fuzz/regressions/<target>/*), so every run replays them.

Usage: python3 fuzz/seed.py CORPUS_DIR
Writes CORPUS_DIR/<target>/<case>... for every fuzz target; files are named after their
content, so running it again adds nothing new.
"""

import hashlib
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "core" / "tests" / "conformance"
REGRESSIONS = ROOT / "fuzz" / "regressions"


def write(directory: pathlib.Path, data: bytes) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    corpus = pathlib.Path(sys.argv[1])
    criteria = set()
    for path in sorted(CASES.glob("*.json")):
        case = json.loads(path.read_text())
        slo = case.get("slo", "")
        sli = json.dumps(case.get("sli", {}), separators=(",", ":"))
        history = case.get("history", [])
        history_json = json.dumps(history, separators=(",", ":"))
        write(corpus / "parse_slo", slo.encode())
        write(corpus / "evaluate", b"\0".join([slo.encode(), sli.encode(), history_json.encode()]))
        write(corpus / "history_json", history_json.encode())
        for entry in history[:1]:
            write(corpus / "history_json", json.dumps(entry).encode())
        criteria.update(re.findall(r"""["']([<>=][^"'\]\n,]*)["']""", slo))
    for criterion in sorted(criteria):
        write(corpus / "criterion_roundtrip", criterion.encode())
    for found in sorted(REGRESSIONS.glob("*/*")):
        write(corpus / found.parent.name, found.read_bytes())


if __name__ == "__main__":
    main()
