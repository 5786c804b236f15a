"""Finding the upstream fixtures: beside the clone, through the environment, or failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.upstream_backups import (
    ENV_DIR,
    ENV_SKIP,
    FixturesMissing,
    find_fixtures,
)


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
