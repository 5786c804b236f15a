"""Upstream's newer request forms: filter, strategy, rebuild_index, overrides, and the CLI's
upstream flags, turned into engine inputs (or refused) the same way by every door."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest
from google.protobuf import json_format

from milvus_backup_grpc import cli, model
from milvus_backup_grpc.api import convert
from milvus_backup_grpc.api.grpc_server import BackupServicer
from milvus_backup_grpc.api.rest import Request, RestApi
from milvus_backup_grpc.engine.selection import Filter, filter_text_of_map, parse_filter
from milvus_backup_grpc.engine.strategy import Strategy, resolve_strategy, strategy_problem
from milvus_backup_grpc.errors import RequestError
from milvus_backup_grpc.milvus.versions import ServerFeatures
from milvus_backup_grpc.output import UsageError
from milvus_backup_grpc.pb import backup_pb2 as pb

# -- filter ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "selection"), [
    ("c1", {"default": ["c1"]}),
    ("db1.c1,db1.c2,c3", {"db1": ["c1", "c2"], "default": ["c3"]}),
    ("db1.*", {"db1": []}),
    ("db1.c1,db1.*", {"db1": []}),  # the whole database wins
    (" c1 , db2.c2 ", {"default": ["c1"], "db2": ["c2"]}),
])
def test_filter_forms(text: str, selection: model.Selection) -> None:
    assert parse_filter(text) == Filter(selection)


def test_empty_filter_means_no_filter() -> None:
    assert parse_filter("") is None
    assert parse_filter("  ") is None


def test_restore_filter_names_partitions() -> None:
    got = parse_filter("db1.c1:p1,db1.c1:p2,c2,c3:x,c3", allow_partitions=True)
    assert got == Filter(
        {"db1": ["c1"], "default": ["c2", "c3"]},
        {("db1", "c1"): ["p1", "p2"]},  # c3 is also named whole: all its partitions
    )


@pytest.mark.parametrize(("text", "words"), [
    ("db1.", "'db1.*' for all its collections"),
    ("a-b", "is not 'coll', 'db.coll' or 'db.*'"),
    ("db1.c1,,c2", "empty entry"),
    ("db1.c1:p1", "partitions can be chosen at restore only"),
    ("x.y.z", "is not 'coll'"),
])
def test_bad_create_filters_are_refused_naming_the_entry(text: str, words: str) -> None:
    with pytest.raises(RequestError) as caught:
        parse_filter(text)
    assert words in str(caught.value)


@pytest.mark.parametrize(("text", "words"), [
    ("db1.*:p1", "is not"),
    ("c1:", "is not a partition name"),
    ("c1:bad name", "is not a partition name"),
])
def test_bad_partition_entries_are_refused(text: str, words: str) -> None:
    with pytest.raises(RequestError) as caught:
        parse_filter(text, allow_partitions=True)
    assert words in str(caught.value)


# -- CreateBackup: filter and strategy ----------------------------------------------------


def _create(fields: dict[str, Any]) -> pb.CreateBackupRequest:
    return json_format.ParseDict({"backup_name": "b", **fields}, pb.CreateBackupRequest())


def test_create_filter_becomes_the_selection() -> None:
    got = convert.create_input(_create({"filter": "db1.*,c1"}))
    assert got.selection == {"db1": [], "default": ["c1"]}


@pytest.mark.parametrize("other", [{"collection_names": ["c1"]}, {"db_collections": {"d": []}}])
def test_create_filter_beside_the_older_fields_is_refused(other: dict[str, Any]) -> None:
    with pytest.raises(RequestError, match="filter cannot be combined"):
        convert.create_input(_create({"filter": "c1", **other}))


@pytest.mark.parametrize(("fields", "meta_only", "force", "strategy"), [
    ({"strategy": "meta_only"}, True, False, "meta_only"),
    ({"strategy": "skip_flush"}, False, True, "skip_flush"),
    ({"strategy": "SERIAL_FLUSH"}, False, False, "serial_flush"),
    ({"strategy": "bulk_flush"}, False, False, "bulk_flush"),
    ({"meta_only": True}, True, False, ""),
    ({"force": True}, False, True, ""),
    ({"strategy": "meta_only", "meta_only": True}, True, False, "meta_only"),
    ({"strategy": "skip_flush", "force": True}, False, True, "skip_flush"),
])
def test_strategy_folds_into_the_flags(
        fields: dict[str, Any], meta_only: bool, force: bool, strategy: str) -> None:
    got = convert.create_input(_create(fields))
    assert (got.meta_only, got.force, got.strategy) == (meta_only, force, strategy)


@pytest.mark.parametrize(("fields", "words"), [
    ({"strategy": "fast"}, "strategy 'fast' is not known"),
    ({"strategy": "serial_flush", "force": True}, "contradicts force"),
    ({"strategy": "skip_flush", "meta_only": True}, "contradicts meta_only"),
])
def test_bad_strategies_are_refused(fields: dict[str, Any], words: str) -> None:
    with pytest.raises(RequestError) as caught:
        convert.create_input(_create(fields))
    assert words in str(caught.value)


@pytest.mark.parametrize("version", ["v2.2.16", "v2.3.5", "2.4.13", "v2.6.10"])
def test_bulk_flush_needs_flush_all_of_2_6_11(version: str) -> None:
    features = ServerFeatures.of(version)
    assert not features.flush_all
    problem = strategy_problem(Strategy.BULK_FLUSH, features)
    assert problem is not None and "since 2.6.11" in problem and "serial_flush" in problem


@pytest.mark.parametrize("version", ["v2.6.11", "2.6.12", "v3.0.1"])
def test_bulk_flush_runs_on_a_server_with_flush_all(version: str) -> None:
    features = ServerFeatures.of(version)
    assert features.flush_all
    assert strategy_problem(Strategy.BULK_FLUSH, features) is None


@pytest.mark.parametrize("version", ["v2.2.16", "v2.3.5", "v2.6.11"])
@pytest.mark.parametrize("strategy", [s for s in Strategy if s is not Strategy.BULK_FLUSH])
def test_other_strategies_run_on_every_version(version: str, strategy: Strategy) -> None:
    assert strategy_problem(strategy, ServerFeatures.of(version)) is None


def test_strategies_map_onto_what_a_backup_does() -> None:
    # serial_flush is the flush-each-collection backup every version runs: no flag changes.
    serial, auto = resolve_strategy("serial_flush"), resolve_strategy("")
    assert (serial.meta_only, serial.force) == (auto.meta_only, auto.force) == (False, False)
    assert resolve_strategy("meta_only").meta_only
    assert resolve_strategy("skip_flush").force


# -- RestoreBackup: filter, rebuild_index, overrides --------------------------------------


def _restore(fields: dict[str, Any]) -> pb.RestoreBackupRequest:
    return json_format.ParseDict({"backup_name": "b", **fields}, pb.RestoreBackupRequest())


def test_restore_filter_keeps_targets_and_partitions() -> None:
    got = convert.restore_input(_restore({"filter": "db1.c1:p1,db2.*", "collection_suffix": "_r"}))
    assert got.target_selection == {"db1": ["c1"], "db2": []}
    assert got.partitions == {("db1", "c1"): ["p1"]}
    assert got.selection is None and got.suffix == "_r"


@pytest.mark.parametrize("other", [
    {"db_collections_after_rename": {"d": []}},
    {"restorePlan": {"filter": {"d": {"colls": ["*"]}}}},
])
def test_restore_filter_beside_another_target_filter_is_refused(other: dict[str, Any]) -> None:
    with pytest.raises(RequestError, match="filter cannot be combined"):
        convert.restore_input(_restore({"filter": "c1", **other}))


def test_rebuild_index_is_restore_index() -> None:
    assert convert.restore_input(_restore({"rebuild_index": True})).restore_index
    assert convert.restore_input(_restore({"restoreIndex": True})).restore_index
    assert not convert.restore_input(_restore({})).restore_index


def test_overrides_by_field_and_by_restore_plan() -> None:
    got = convert.restore_input(_restore({"overrides": {
        "c1": {"shardNum": 3}, "db1.c2": {"description": "moved"}}}))
    assert got.overrides == {
        ("default", "c1"): model.CollectionOverride(shard_num=3),
        ("db1", "c2"): model.CollectionOverride(description="moved"),
    }
    planned = convert.restore_input(_restore({"restorePlan": {"mapping": [
        {"source": "db1", "target": "db2",
         "colls": [{"source": "a", "target": "b", "override": {"shardNum": 2,
                                                                "description": "d"}},
                   {"source": "c", "target": "c"}]}]}}))
    assert planned.overrides == {("db1", "a"): model.CollectionOverride(2, "d")}
    assert planned.renames == {"db1.a": "db2.b", "db1.c": "db2.c"}


@pytest.mark.parametrize(("fields", "words"), [
    ({"overrides": {"c1": {"shardNum": -1}}}, "is negative"),
    ({"overrides": {"bad name": {"shardNum": 1}}}, "'coll' or 'db.coll'"),
    ({"overrides": {"c1": {"shardNum": 1}, "default.c1": {"shardNum": 2}}}, "two overrides"),
    ({"overrides": {"a": {"shardNum": 1}},
      "restorePlan": {"mapping": [{"source": "d", "target": "d", "colls": [
          {"source": "a", "target": "a", "override": {"shardNum": 2}}]}]}},
     "cannot be combined"),
])
def test_bad_overrides_are_refused(fields: dict[str, Any], words: str) -> None:
    with pytest.raises(RequestError) as caught:
        convert.restore_input(_restore(fields))
    assert words in str(caught.value)


# -- the command line ---------------------------------------------------------------------


def _args(*argv: str) -> argparse.Namespace:
    return cli._parser().parse_args(list(argv))


def test_server_p_is_the_rest_port_and_grpc_has_its_own_flag() -> None:
    args = _args("server", "-p", "8080")
    assert (cli._rest_port(args, {}), args.grpc_port) == (8080, 50051)
    args = _args("server", "--port", "9000", "--grpc-port", "50052")
    assert (cli._rest_port(args, {}), args.grpc_port) == (9000, 50052)
    assert cli._rest_port(_args("server", "--rest-port", "8081"), {}) == 8081
    assert cli._rest_port(_args("server"), {"SERVER_PORT": "8090"}) == 8090
    assert cli._rest_port(_args("server"), {}) == 8080


def test_server_refuses_the_old_port_pair() -> None:
    # Before, "--port 50051 --rest-port 8080" meant gRPC on 50051: now it is refused loudly.
    with pytest.raises(UsageError, match="give that as --grpc-port"):
        cli._rest_port(_args("server", "--port", "50051", "--rest-port", "8080"), {})


def test_upstream_flags_are_accepted() -> None:
    create = _args("create", "-n", "b", "--filter", "db1.*", "--strategy", "skip_flush")
    assert (create.filter, create.strategy) == ("db1.*", "skip_flush")
    restore = _args("restore", "-n", "b", "--filter", "c1:p1", "--rebuild_index",
                    "--use_v2_restore", "--override", '{"c1": {"shardNum": 2}}')
    assert restore.rebuild_index and restore.use_v2_restore
    assert cli._restore_overrides(restore.override) == {
        ("default", "c1"): model.CollectionOverride(shard_num=2)}


@pytest.mark.parametrize("text", ["[1]", '{"c1": {"shards": 2}}', '{"c1": {"shardNum": "2"}}',
                                  "{"])
def test_bad_override_flags_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--override"):
        cli._restore_overrides(text)


def test_unknown_strategy_flag_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        _args("create", "--strategy", "fast")


def test_filter_flag_beside_the_older_ones_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--filter cannot be combined"):
        cli._selection("c1", "", "", "c2")


@pytest.mark.parametrize(("argv", "asks"), [
    (["-v"], True), (["--version"], True), (["--json", "-v"], True),
    (["--config", "x.yaml", "--version"], True), (["get", "-v"], False), ([], False),
])
def test_version_flag_before_the_verb(argv: list[str], asks: bool) -> None:
    assert cli._asks_version(argv) is asks


def test_version_prints_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["-v"]) == 0
    assert capsys.readouterr().out.startswith("milvus-backup-grpc 0.")


# -- REST: upstream's structured create filter ---------------------------------------------


class _NoEngine:
    """Fails the test if a refused request reaches the engine."""

    def __getattr__(self, name: str) -> Any:
        def called(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError(f"the engine was called ({name}) for a refused request")

        return called


@pytest.mark.parametrize(("value", "text"), [
    ({"db1": {"colls": ["*"]}, "default": {"colls": ["a", "b"]}}, "db1.*,default.a,default.b"),
    ({"db1": {"colls": []}}, "db1."),
])
def test_upstream_filter_map_reads_as_the_text_syntax(value: dict[str, Any], text: str) -> None:
    assert filter_text_of_map(value) == text


@pytest.mark.parametrize(("body", "words"), [
    ({"backup_name": "b", "filter": {"db1": {"colls": ["*"]}}, "collection_names": ["x"]},
     "filter cannot be combined"),
    ({"backup_name": "b", "filter": {"db1": {"colls": []}}}, "'db1.*' for all its collections"),
    ({"backup_name": "b", "filter": "db1.c1:p1"}, "partitions can be chosen at restore only"),
    ({"backup_name": "b", "strategy": "bulk"}, "strategy 'bulk' is not known"),
])
def test_rest_create_reads_upstreams_filter_forms(body: dict[str, Any], words: str) -> None:
    api = RestApi(BackupServicer(_NoEngine()))  # type: ignore[arg-type]
    reply = api.handle(Request("POST", "/api/v1/create", body=json.dumps(body).encode()))
    answer = json.loads(reply.body)
    assert (reply.status, answer["code"]) == (200, pb.Parameter_Error)
    assert words in answer["msg"]


def test_rest_create_refuses_a_malformed_filter_map_as_a_bad_body() -> None:
    api = RestApi(BackupServicer(_NoEngine()))  # type: ignore[arg-type]
    reply = api.handle(Request("POST", "/api/v1/create",
                               body=b'{"backup_name": "b", "filter": {"db1": ["c1"]}}'))
    assert reply.status == 400 and b"colls" in reply.body
