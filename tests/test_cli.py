import json
import unicodedata

import click
import pytest
from click.testing import CliRunner

from phongtrao.cli import cli
from tests.conftest import needs_shared, seed_path


def all_commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(("name", "command"), list(all_commands(cli)))
def test_every_command_has_help_text(name, command):
    assert command.help, f"phongtrao {name} has no help text"
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"phongtrao {name} {param.opts[0]} has no help text"


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks combining."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones)
    return "".join(out).encode("cp1258")


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@needs_shared
def test_extract_seed_gives_contract_record():
    result = run("extract", str(seed_path(0)), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert list(record) == [
        "source",
        "title",
        "published",
        "authors",
        "text",
        "movements",
        "officials",
        "units",
        "organizations",
        "dates",
        "documents",
        "events",
        "exemplars",
    ]
    for name in ("movements", "dates", "documents", "officials", "units", "organizations"):
        for item in record[name]:
            assert record["text"][item["start"] : item["end"]] == item["text"]
    assert "2019-11-01" in [d["value"] for d in record["dates"]]
    assert record["authors"] == ["Trúc Phương"]


def test_extract_reads_stdin_nfd_and_published_option():
    text = "Tiêu đề bài\n\nSáng ngày 01/11, xã tổ chức phong trào “Dân vận khéo”.\n\nNguyễn An\n"
    result = run(
        "extract",
        "-",
        "--published",
        "2020-11-05",
        "--format",
        "json",
        input=unicodedata.normalize("NFD", text).encode(),
    )
    assert result.exit_code == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["source"] == "<stdin>"
    assert [d["value"] for d in record["dates"]] == ["2020-11-01"]
    assert [m["name"] for m in record["movements"]] == ["Dân vận khéo"]


def test_bad_published_date_is_usage_error():
    result = run("extract", "-", "--published", "05/11/2020", input=b"x")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_mixed_directory_processes_good_files_and_names_bad_ones(tmp_path):
    (tmp_path / "good.txt").write_text(
        "Tiêu đề\n\nNgày 30/6/2020, huyện sơ kết phong trào “Dân vận khéo”.\n", encoding="utf-8"
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "cp1258.txt").write_bytes(windows_1258("Tiêu đề\n\nNgày 17/02/2020, Ủy ban nhân dân huyện họp.\n"))
    (tmp_path / "utf16.txt").write_bytes("Tiêu đề\n\nNgày 18/8/2016, huyện họp.\n".encode("utf-16"))
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    result = run("extract", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.exit_code == 1
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sorted(s.rsplit("/", 1)[-1] for s in sources) == ["cp1258.txt", "good.txt", "utf16.txt"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert all(line.startswith("phongtrao: error: ") for line in errors)
    assert any("empty.txt" in line and "empty" in line for line in errors)
    assert any("junk.txt" in line and "binary" in line for line in errors)
    assert any("missing.txt" in line and "no such file" in line for line in errors)
    assert "Traceback" not in result.stderr


def test_evaluate_check_fails_below_minimum(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    text = tmp_path / "doc.txt"
    text.write_text("Tiêu đề\n\nNgày 30/6/2020, huyện sơ kết.\n", encoding="utf-8")
    record = {
        "id": "t",
        "path": str(text),
        "given_published": None,
        "title": "Tiêu đề",
        "published": None,
        "authors": [],
        "movements": [],
        "dates": [{"value": "2020-06-30"}, {"value": "2020-07-01"}],
        "documents": [],
        "officials": [],
        "units": [],
        "organizations": [],
        "events": [],
        "exemplars": [],
    }
    (gold / "g.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    baseline = {"minimums": {"dates.recall": 0.9}, "history": [{"set": {"dates.recall": 0.9}, "note": "test"}]}
    (gold / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    result = run("evaluate", str(gold), "--check")
    assert result.exit_code == 1
    assert "dates.recall = 0.500 is below the minimum 0.900" in result.stderr
    baseline["minimums"]["dates.recall"] = 0.5
    (gold / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    result = run("evaluate", str(gold), "--check")
    assert result.exit_code == 1
    assert "below 0.9 set earlier" in result.stderr


def test_evaluate_check_is_skipped_with_a_reason_when_shared_texts_are_absent(tmp_path, monkeypatch):
    monkeypatch.setenv("PHONGTRAO_SHARED", str(tmp_path / "no-shared"))
    gold = tmp_path / "gold"
    gold.mkdir()
    record = {"id": "s", "path": "shared:seeds/x.txt", "dates": [{"value": "2020-06-30"}]}
    (gold / "g.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    baseline = {"minimums": {"dates.recall": 0.9}, "history": [{"set": {"dates.recall": 0.9}}]}
    (gold / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    result = run("evaluate", str(gold), "--check")
    assert result.exit_code == 0
    assert "gate skipped: 1 gold documents absent" in result.stderr
