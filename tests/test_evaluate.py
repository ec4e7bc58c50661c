import copy

import pytest

from phongtrao.evaluate import FieldScore, Report, check, load_baseline, raise_baseline, silent_lowerings
from tests.conftest import ROOT

BASELINE = ROOT / "corpora" / "gold" / "baseline.json"


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [(8, 2, 2, 0.8, 0.8, 0.8), (0, 0, 0, 1.0, 1.0, 1.0), (0, 3, 0, 0.0, 1.0, 0.0), (5, 0, 5, 1.0, 0.5, 2 / 3)],
)
def test_field_score(tp, fp, fn, precision, recall, f1):
    score = FieldScore(tp, fp, fn)
    assert (score.precision, score.recall) == (precision, recall)
    assert score.f1 == pytest.approx(f1)


def test_repository_baseline_has_no_silent_lowering():
    assert silent_lowerings(load_baseline(BASELINE)) == []


def test_lowering_needs_a_reason():
    baseline = {"minimums": {"dates.f1": 0.8}, "history": [{"set": {"dates.f1": 0.9}}, {"set": {"dates.f1": 0.8}}]}
    assert silent_lowerings(baseline) == ["dates.f1 lowered from 0.9 to 0.8 without a reason"]
    baseline["history"][1]["reason"] = "gold corrected: 3 dates were counts"
    assert silent_lowerings(baseline) == []


def test_raise_baseline_only_raises():
    report = Report()
    report.field("dates").tp = 9
    report.field("dates").fn = 1
    minimums = {"dates.recall": 0.95, "dates.precision": 0.5}
    baseline = {"minimums": minimums, "history": [{"set": dict(minimums)}]}
    before = copy.deepcopy(baseline)
    raised = raise_baseline(report.metrics(), baseline)
    assert raised == {"dates.precision": 0.99}
    assert baseline["minimums"]["dates.recall"] == before["minimums"]["dates.recall"]
    assert check(report.metrics(), baseline) == ["dates.recall = 0.900 is below the minimum 0.950"]
