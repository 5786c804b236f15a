"""Which collections a request names, and what a restore renames them to."""

from __future__ import annotations

import pytest

from milvus_backup_grpc.engine.selection import (
    Renamer,
    parse_db_collections,
    parse_rename_list,
    selection_from,
    selects,
    split_name,
)
from milvus_backup_grpc.errors import RequestError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("coll", ("default", "coll")),
        ("db1.coll", ("db1", "coll")),
        ("  db1.coll_2 ", ("db1", "coll_2")),
        ("_private._c", ("_private", "_c")),
    ],
)
def test_split_name(name: str, expected: tuple[str, str]) -> None:
    assert split_name(name) == expected


@pytest.mark.parametrize("name", ["", "  ", "db1.", "a.b.c", "1db.coll", "db.1coll", "db.co-ll"])
def test_split_name_rejects_malformed_names(name: str) -> None:
    with pytest.raises(RequestError, match="expected 'coll' or 'db.coll'") as err:
        split_name(name)

    assert repr(name) in str(err.value)


def test_db_collections_as_json_string() -> None:
    assert parse_db_collections('{"db1": ["c1", "c2"], "db2": []}') == {
        "db1": ["c1", "c2"],
        "db2": [],
    }


def test_db_collections_as_object() -> None:
    assert parse_db_collections({"db1": ["c1"], "default": []}) == {"db1": ["c1"], "default": []}


def test_db_collections_null_list_means_whole_database() -> None:
    assert parse_db_collections({"db1": None}) == {"db1": []}


@pytest.mark.parametrize("empty", [None, "", {}])
def test_empty_db_collections_means_no_filter(empty: object) -> None:
    assert parse_db_collections(empty) is None


def test_empty_db_collections_string_and_object_agree() -> None:
    assert parse_db_collections("{}") == parse_db_collections({})


def test_empty_list_selects_the_whole_database() -> None:
    selection = parse_db_collections('{"db1": [], "db2": ["c1"]}')

    assert selects(selection, "db1", "anything")
    assert selects(selection, "db2", "c1")
    assert not selects(selection, "db2", "c2")
    assert not selects(selection, "default", "c1")
    assert selects(None, "any_db", "any_coll")


def test_malformed_json_string_is_explained() -> None:
    with pytest.raises(RequestError) as err:
        parse_db_collections('{"db1": ["c1"]')

    message = str(err.value)
    assert "db_collections is not valid JSON" in message
    assert '{"db1": ["coll1", "coll2"], "db2": []}' in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('["c1"]', "db_collections must map database names to lists of collections"),
        (["c1"], "db_collections must map database names to lists of collections"),
        ("42", "db_collections must map database names"),
        ({"db1": "c1"}, r"db_collections\['db1'\] must be a list of collection names"),
        ('{"db1": [1, 2]}', r"db_collections\['db1'\] must be a list of collection names"),
        ({"db-1": ["c1"]}, "'db-1' is not a valid database name"),
        ({"db1": ["c 1"]}, r"db_collections\['db1'\]: 'c 1' is not a valid collection name"),
        ({"db1": ["../x"]}, "'../x' is not a valid collection name"),
    ],
)
def test_wrong_shapes_and_names_are_rejected(value: object, expected: str) -> None:
    with pytest.raises(RequestError, match=expected):
        parse_db_collections(value)


def test_selection_from_prefers_db_collections() -> None:
    assert selection_from({"db1": ["c1"]}, ["c9"]) == {"db1": ["c1"]}


def test_selection_from_collection_names() -> None:
    assert selection_from(None, ["c1", "db1.c2", "db1.c3", " "]) == {
        "default": ["c1"],
        "db1": ["c2", "c3"],
    }


def test_selection_from_nothing_means_everything() -> None:
    assert selection_from(None, []) is None
    assert selection_from("", ["", "  "]) is None


def test_selection_from_rejects_a_bad_name() -> None:
    with pytest.raises(RequestError, match="'db1.c-2' is not a valid collection name"):
        selection_from(None, ["c1", "db1.c-2"])


def test_renamer_suffix_applies_to_every_collection() -> None:
    renamer = Renamer({}, "_bak")

    assert renamer.target("default", "books") == ("default", "books_bak")
    assert renamer.target("db1", "c1") == ("db1", "c1_bak")


def test_renamer_without_renames_or_suffix_keeps_names() -> None:
    assert Renamer({}, "").target("db1", "c1") == ("db1", "c1")


def test_exact_rename_beats_suffix() -> None:
    renamer = Renamer({"books": "novels", "db1.c1": "db2.c9"}, "_bak")

    assert renamer.target("default", "books") == ("default", "novels")
    assert renamer.target("db1", "c1") == ("db2", "c9")
    assert renamer.target("db1", "c2") == ("db1", "c2_bak")


def test_database_wildcard_moves_every_collection() -> None:
    renamer = Renamer({"db1.*": "db2.*"}, "")

    assert renamer.target("db1", "a") == ("db2", "a")
    assert renamer.target("db1", "b") == ("db2", "b")
    assert renamer.target("db3", "a") == ("db3", "a")


def test_database_wildcard_with_suffix_and_exact_rename() -> None:
    renamer = Renamer({"db1.*": "db2.*", "db1.keep": "db1.kept"}, "_r")

    assert renamer.target("db1", "a") == ("db2", "a_r")
    assert renamer.target("db1", "keep") == ("db1", "kept")


def test_aliases_follow_their_collection_and_take_the_suffix() -> None:
    renamer = Renamer({"db1.*": "db2.*"}, "_r")

    assert renamer.alias_target("default", "books", "live") == ("default", "live_r")
    assert renamer.alias_target("db1", "a", "current") == ("db2", "current_r")


def test_aliases_of_an_exactly_renamed_collection_keep_their_names() -> None:
    renamer = Renamer({"books": "novels", "db1.c1": "db2.c9"}, "_bak")

    assert renamer.alias_target("default", "books", "live") == ("default", "live")
    assert renamer.alias_target("db1", "c1", "current") == ("db2", "current")


def test_aliases_keep_their_names_without_renames() -> None:
    assert Renamer({}, "").alias_target("db1", "c1", "live") == ("db1", "live")


@pytest.mark.parametrize("suffix", ["-bak", "_bak!", "a.b", "x y", "ü"])
def test_bad_suffix_characters_are_rejected(suffix: str) -> None:
    with pytest.raises(RequestError, match="may contain only letters, digits and underscores"):
        Renamer({}, suffix)


@pytest.mark.parametrize(("src", "dst"), [("db1.*", "db2.c"), ("db1.c", "db2.*")])
def test_mismatched_wildcard_is_rejected(src: str, dst: str) -> None:
    with pytest.raises(RequestError, match=r"needs 'db1\.\*' on both sides"):
        Renamer({src: dst}, "")


def test_wildcard_with_invalid_database_is_rejected() -> None:
    with pytest.raises(RequestError, match="'d-b' is not a valid database name"):
        Renamer({"db1.*": "d-b.*"}, "")


def test_rename_with_invalid_collection_name_is_rejected() -> None:
    with pytest.raises(RequestError, match="not a valid collection name"):
        Renamer({"books": "new books"}, "")


def test_parse_rename_list() -> None:
    assert parse_rename_list("a:b,db1.c:db2.d") == {"a": "b", "db1.c": "db2.d"}
    assert parse_rename_list(" a:b , db1.*:db2.* ,") == {"a": "b", "db1.*": "db2.*"}
    assert parse_rename_list("") == {}


@pytest.mark.parametrize("text", ["a", "a:", ":b", "a:b,c"])
def test_parse_rename_list_rejects_entries_without_both_sides(text: str) -> None:
    with pytest.raises(RequestError, match="must look like 'old:new'"):
        parse_rename_list(text)


def test_parsed_rename_list_drives_the_renamer() -> None:
    renamer = Renamer(parse_rename_list("a:b,db1.c:db2.d"), "")

    assert renamer.target("default", "a") == ("default", "b")
    assert renamer.target("db1", "c") == ("db2", "d")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Renamer({}, "_bak\n"),
        lambda: parse_db_collections({"db1\n": ["c1"]}),
        lambda: parse_db_collections({"db1": ["c1\n"]}),
    ],
    ids=["suffix", "database", "collection"],
)
def test_trailing_newline_is_not_a_valid_name(make) -> None:
    with pytest.raises(RequestError):
        make()
