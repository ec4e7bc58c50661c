"""Scores against gold annotations, and the gate that keeps them from falling.

The gold rules are in ``corpora/gold/README.md``. Scores are micro-averaged precision,
recall and F1 per field; real texts (from ``../shared``) are also reported on their own,
because they weigh more than texts we write.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phongtrao.errors import BaselineError, InputError
from phongtrao.extract.documents import normalize_document_number
from phongtrao.extract.movements import movement_id, resolve_movement
from phongtrao.extract.normalize import fold, normalize_name
from phongtrao.extract.officials import merge_officials
from phongtrao.models import Extraction

SHARED_PREFIX = "shared:"


@dataclass
class FieldScore:
    """Counts for one field; precision/recall/F1 follow from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: FieldScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    """Scores over a set of documents."""

    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    misses: list[tuple[str, str, str, Any]] = field(default_factory=list)  # (document, field, "missed"|"extra", key)

    def field(self, name: str) -> FieldScore:
        return self.fields.setdefault(name, FieldScore())

    def accuracy(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())

    def metrics(self) -> dict[str, float]:
        """Flat ``field.metric`` → value, the keys a baseline file uses."""
        flat: dict[str, float] = {}
        for name, score in self.fields.items():
            flat[f"{name}.precision"] = score.precision
            flat[f"{name}.recall"] = score.recall
            flat[f"{name}.f1"] = score.f1
        for name, acc in self.accuracies.items():
            flat[f"{name}.accuracy"] = acc.value
        return flat


# --- keys each field is matched by -------------------------------------------------------


def _name_key(value: str | None) -> str:
    return " ".join(fold(normalize_name(value or "")).replace("'", "").split())


def _movement_key(name: str | None) -> str:
    resolved = resolve_movement(name or "")
    return resolved[0] if resolved else movement_id(normalize_name(name or ""))


def _document_key(number: str | None) -> str:
    return re.sub(r"[\s\-/.]", "", fold(normalize_document_number(number or "")))


def _counted(items: Iterable[Any], key: Callable[[Any], Any]) -> Counter:
    return Counter(key(item) for item in items)


def _score_counters(
    gold: Counter, found: Counter, misses: list | None = None, where: tuple[str, str] = ("", "")
) -> FieldScore:
    tp = sum((gold & found).values())
    if misses is not None:
        misses.extend((*where, "missed", key) for key in (gold - found).elements())
        misses.extend((*where, "extra", key) for key in (found - gold).elements())
    return FieldScore(tp=tp, fp=sum(found.values()) - tp, fn=sum(gold.values()) - tp)


def _unique(counter: Counter) -> Counter:
    return Counter({k: 1 for k in counter if k})


def score_document(gold: dict[str, Any], extraction: Extraction, report: Report) -> None:
    """Add one document's counts to ``report``."""
    record = extraction.to_dict()
    doc = gold.get("id", gold["path"])
    # Fields matched as sets: each distinct item once per document.
    set_fields: dict[str, Callable[[dict[str, Any]], str]] = {
        "movements": lambda item: _movement_key(item.get("name")),
        "documents": lambda item: _document_key(item.get("number")),
        "officials": lambda item: _name_key(item.get("name")),
        "units": lambda item: _name_key(item.get("name")),
        "organizations": lambda item: _name_key(item.get("name")),
    }
    for name, key in set_fields.items():
        report.field(name).add(
            _score_counters(
                _unique(_counted(gold.get(name, []), key)),
                _unique(_counted(record[name], key)),
                report.misses,
                (doc, name),
            )
        )
    # Fields matched as multisets: every mention counts.
    multiset_fields: dict[str, Callable[[dict[str, Any]], Any]] = {
        "dates": lambda d: d["value"],
        "events": lambda e: (e["type"], e.get("date")),
        "exemplars": lambda e: (e["kind"], e.get("count")),
    }
    for name, key in multiset_fields.items():
        report.field(name).add(
            _score_counters(_counted(gold.get(name, []), key), _counted(record[name], key), report.misses, (doc, name))
        )
    for name in ("title", "published"):
        if _name_key(gold.get(name)) != _name_key(record.get(name)):
            report.misses.append((doc, name, "wrong", f"{record.get(name)!r} instead of {gold.get(name)!r}"))
    if [_name_key(a) for a in gold.get("authors", [])] != [_name_key(a) for a in record["authors"]]:
        report.misses.append((doc, "authors", "wrong", f"{record['authors']!r} instead of {gold.get('authors')!r}"))
    record["officials"] = [o.to_dict() for o in merge_officials(extraction.officials)]
    _score_details(gold, record, report)
    for name, key in (("title", _name_key), ("published", str), ("authors", None)):
        acc = report.accuracy(name)
        acc.total += 1
        if name == "authors":
            right = [_name_key(a) for a in gold.get("authors", [])] == [_name_key(a) for a in record["authors"]]
        else:
            right = key(gold.get(name) or "") == key(record.get(name) or "")
        acc.right += int(right)


def _score_details(gold: dict[str, Any], record: dict[str, Any], report: Report) -> None:
    """Second-order accuracies: positions of matched officials (all mentions of a person merged,
    as the gold lists each person once), places of matched events."""
    found_officials = {_name_key(o["name"]): o for o in record["officials"]}
    positions = report.accuracy("officials_positions")
    for official in gold.get("officials", []):
        match = found_officials.get(_name_key(official["name"]))
        positions.total += 1
        if match is not None:
            want = sorted(_name_key(p) for p in official.get("positions", []))
            got = sorted(_name_key(p) for p in match["positions"])
            positions.right += int(want == got)
            if want != got:
                report.misses.append(
                    (
                        gold.get("id", ""),
                        "officials_positions",
                        "wrong",
                        f"{match['positions']} instead of {official.get('positions')}",
                    )
                )
    found_events: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for event in record["events"]:
        found_events.setdefault((event["type"], event.get("date")), []).append(event)
    places = report.accuracy("events_place")
    for event in gold.get("events", []):
        candidates = found_events.get((event["type"], event.get("date")), [])
        places.total += 1
        if candidates:
            chosen = candidates.pop(0)
            places.right += int(_name_key(event.get("place")) == _name_key(chosen.get("place")))


# --- gold files ------------------------------------------------------------------------


def shared_root() -> Path:
    """``../shared`` beside the repository, or ``$PHONGTRAO_SHARED``."""
    env = os.environ.get("PHONGTRAO_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared"


def page_gold_files(path: Path) -> list[Path]:
    """The gold files that hold page-extraction records (``"task": "page"``)."""
    return [file for file in gold_files(path) if any(r.get("task") == "page" for r in load_gold(file))]


def sealed_names(directory: Path) -> set[str]:
    """Gold files listed in ``SEALED``: a blind set kept out of every run until it is unsealed."""
    listing = directory / "SEALED"
    if not listing.exists():
        return set()
    return {line.strip() for line in listing.read_text(encoding="utf-8").splitlines() if line.strip()}


def gold_files(path: Path) -> list[Path]:
    if path.is_dir():
        sealed = sealed_names(path)
        files = sorted(p for p in path.glob("*.jsonl") if p.name not in sealed)
        if not files:
            raise InputError(str(path), "no *.jsonl gold files in this directory")
        return files
    if not path.exists():
        raise InputError(str(path), "no such file")
    return [path]


def load_gold(path: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for file in gold_files(path):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{file}:{number}", f"not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict) or "path" not in record:
                raise InputError(f"{file}:{number}", "a gold record needs a 'path'")
            record["_gold_file"] = str(file)
            records.append(record)
    return records


def _repo_root(gold_path: Path) -> Path:
    """The repository a gold folder (``corpora/gold``) or file in it belongs to."""
    start = gold_path if gold_path.is_dir() else gold_path.parent
    return start.resolve().parents[1]


def resolve_document_path(record: dict[str, Any], repo_root: Path) -> tuple[Path, bool]:
    """The file a gold record points at, and whether it is a real (shared) text."""
    raw = record["path"]
    if raw.startswith(SHARED_PREFIX):
        return shared_root() / raw[len(SHARED_PREFIX) :], True
    candidate = Path(raw)
    if not candidate.is_absolute():
        candidate = repo_root / candidate
    return candidate, False


def evaluate(
    gold_path: Path,
    analyse_path: Callable[[Path, str | None], Extraction],
    *,
    repo_root: Path | None = None,
) -> dict[str, Report]:
    """Run the extractor over every gold document; reports for ``all`` and ``real``."""
    gold_path = Path(gold_path)
    repo_root = repo_root or _repo_root(gold_path)
    reports = {"all": Report(), "real": Report(), "heldout": Report()}
    for record in load_gold(gold_path):
        if record.get("task", "extraction") != "extraction":
            continue
        path, real = resolve_document_path(record, repo_root)
        if not path.exists():
            reports["all"].skipped.append(record["path"])
            continue
        try:
            extraction = analyse_path(path, record.get("given_published"))
        except InputError as exc:
            reports["all"].failed.append(str(exc))
            extraction = None
        targets = [reports["all"]]
        if real:
            targets.append(reports["real"])
        if Path(record["_gold_file"]).stem.startswith("heldout"):
            targets.append(reports["heldout"])
        for report in targets:
            report.documents += 1
            if extraction is None:
                _score_missing(record, report)
            else:
                score_document(record, extraction, report)
    return reports


def _score_missing(record: dict[str, Any], report: Report) -> None:
    """A document the reader failed on: everything in its gold is a miss."""
    for name in ("movements", "documents", "officials", "units", "organizations", "dates", "events", "exemplars"):
        report.field(name).fn += len(record.get(name, []))
    for name in ("title", "published", "authors"):
        report.accuracy(name).total += 1


# --- the gate --------------------------------------------------------------------------


def load_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not valid JSON ({exc.msg})") from None
    if not isinstance(data.get("minimums"), dict) or not isinstance(data.get("history"), list):
        raise BaselineError(f"{path}: a baseline needs 'minimums' and 'history'")
    return data


def silent_lowerings(baseline: dict[str, Any]) -> list[str]:
    """Minimums lower than an earlier one without a history entry that says why."""
    problems = []
    highest: dict[str, float] = {}
    for entry in baseline["history"]:
        for key, value in entry.get("set", {}).items():
            if value < highest.get(key, -math.inf) and not entry.get("reason"):
                problems.append(f"{key} lowered from {highest[key]} to {value} without a reason")
            highest[key] = value
    for key, value in baseline["minimums"].items():
        if value < highest.get(key, -math.inf):
            problems.append(
                f"{key} minimum {value} is below {highest[key]} set earlier; record the lowering in history"
            )
        if key not in highest:
            problems.append(f"{key} minimum {value} has no history entry")
    return problems


def check(metrics: dict[str, float], baseline: dict[str, Any]) -> list[str]:
    """Every way the scores (``Report.metrics()`` and friends) fail the gate, one line each."""
    failures = silent_lowerings(baseline)
    for key, minimum in sorted(baseline["minimums"].items()):
        if key not in metrics:
            failures.append(f"{key}: no such score in this evaluation")
        elif metrics[key] + 1e-9 < minimum:
            failures.append(f"{key} = {metrics[key]:.3f} is below the minimum {minimum:.3f}")
    return failures


def raise_baseline(metrics: dict[str, float], baseline: dict[str, Any], *, margin: float = 0.01) -> dict[str, float]:
    """Raise minimums to what the extractor now reaches (less a margin); never lowers."""
    raised: dict[str, float] = {}
    for key, current in baseline["minimums"].items():
        if key in metrics:
            target = math.floor((metrics[key] - margin) * 100) / 100
            if target > current:
                raised[key] = target
    if raised:
        baseline["minimums"].update(raised)
        baseline["history"].append({"date": dt.date.today().isoformat(), "set": raised, "note": "raised to scores"})
    return raised


# --- a baseline from underthesea ---------------------------------------------------------


def ner_spans(text: str) -> dict[str, list[str]]:
    """underthesea's ``ner`` PER and LOC spans, paragraph by paragraph."""
    from underthesea import ner

    spans: dict[str, list[str]] = {"PER": [], "LOC": []}
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        current: list[str] = []
        label = ""
        for token in [*ner(paragraph), ("", "", "", "O")]:
            word, tag = token[0], token[-1]
            if tag.startswith("B-") or tag == "O" or tag[2:] != label:
                if current and label in spans:
                    spans[label].append(" ".join(current))
                current, label = ([word], tag[2:]) if tag != "O" else ([], "")
            else:
                current.append(word)
    return spans


def ner_baseline(gold_path: Path, read: Callable[[Path, str | None], Any]) -> Report:
    """Score underthesea's PER spans as officials and LOC spans as units on the same gold."""
    gold_path = Path(gold_path)
    repo_root = _repo_root(gold_path)
    report = Report()
    for record in load_gold(gold_path):
        if record.get("task", "extraction") != "extraction":
            continue
        path, _real = resolve_document_path(record, repo_root)
        if not path.exists():
            continue
        try:
            article = read(path, record.get("given_published"))
        except InputError:
            continue
        spans = ner_spans(article.text)
        report.documents += 1
        for field_name, label in (("officials", "PER"), ("units", "LOC")):
            gold_keys = _unique(_counted(record.get(field_name, []), lambda item: _name_key(item.get("name"))))
            found = _unique(Counter(_name_key(span) for span in spans[label]))
            report.field(field_name).add(_score_counters(gold_keys, found))
    return report
