"""The helpers of the upstream fixture tests: finding the fixtures, and comparing rows."""

from __future__ import annotations

import copy
import struct
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.upstream_backups import (
    ENV_DIR,
    ENV_SKIP,
    FixturesMissing,
    find_fixtures,
    row_differences,
)

Rows = dict[tuple[str, int], dict[str, Any]]


def _fixtures(where: Path) -> Path:
    (where / "up_fixture").mkdir(parents=True)
    (where / "up_fixture" / "rows.jsonl").write_text("", encoding="utf-8")
    return where


def test_fixtures_are_found_beside_the_clone_then_through_the_environment(tmp_path: Path) -> None:
    repo = tmp_path / "clone"
    elsewhere = _fixtures(tmp_path / "elsewhere")
    assert find_fixtures(repo, {ENV_DIR: str(elsewhere)}) == elsewhere
    beside = _fixtures(tmp_path / "shared" / "fixtures" / "upstream-backups")
    assert find_fixtures(repo, {ENV_DIR: str(elsewhere)}) == beside


def test_missing_fixtures_fail_unless_skipping_is_asked_for(tmp_path: Path) -> None:
    with pytest.raises(FixturesMissing) as raised:
        find_fixtures(tmp_path / "clone", {ENV_DIR: str(tmp_path / "nowhere")})
    message = str(raised.value)
    assert str(tmp_path / "shared" / "fixtures" / "upstream-backups") in message
    assert str(tmp_path / "nowhere") in message and ENV_SKIP in message
    assert find_fixtures(tmp_path / "clone", {ENV_SKIP: "1"}) is None


def _float32(value: float) -> float:
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


ROWS: Rows = {
    ("p1", 1): {"id": 1, "title": "délta", "vec": [_float32(0.1), _float32(0.7)],
                "meta": {"i": 1, "ok": True, "half": 0.5, "list": [1, None]}, "tags": [1, 2],
                "color": "red", "_partition": "p1"},
    ("p2", 2): {"id": 2, "title": "", "vec": [_float32(0.2), 0.0], "meta": {"i": 2},
                "tags": [], "color": "blue", "_partition": "p2"},
}


def _changed(**changes: Any) -> Rows:
    rows = copy.deepcopy(ROWS)
    rows[("p1", 1)].update(changes)
    return rows


def test_identical_rows_show_no_difference() -> None:
    assert row_differences(ROWS, copy.deepcopy(ROWS)) == []


@pytest.mark.parametrize(("change", "reported"), [
    ({"vec": [_float32(0.1), _float32(0.7) + 1e-7]}, "vec"),  # one float32 step or less
    ({"vec": [_float32(0.1)]}, "vec"),
    ({"title": "delta"}, "title"),
    ({"meta": {"i": 1, "ok": 1, "half": 0.5, "list": [1, None]}}, "meta"),  # True became 1
    ({"meta": {"i": 1.0, "ok": True, "half": 0.5, "list": [1, None]}}, "meta"),
    ({"tags": [2, 1]}, "tags"),
    ({"color": "green"}, "color"),
    ({"extra": 1}, "unexpected keys"),
])
def test_each_changed_field_is_reported(change: dict[str, Any], reported: str) -> None:
    found = row_differences(ROWS, _changed(**change))
    assert len(found) == 1 and reported in found[0] and "row 1" in found[0]


def test_a_missing_dynamic_key_is_reported() -> None:
    rows = copy.deepcopy(ROWS)
    del rows[("p1", 1)]["color"]
    assert row_differences(ROWS, rows) == ["row 1: field 'color' missing"]


def test_missing_extra_and_misplaced_rows_are_reported() -> None:
    rows = copy.deepcopy(ROWS)
    rows[("p2", 1)] = rows.pop(("p1", 1))  # restored into the wrong partition
    assert row_differences(ROWS, rows) == [
        "row 1 missing from partition 'p1'",
        "row 1 in partition 'p2' was not expected there",
    ]
    del rows[("p2", 2)]
    assert "row 2 missing from partition 'p2'" in row_differences(ROWS, rows)
