"""Multi-segment import jobs: the requests each Milvus version gets, and the restore ledger.

Milvus 2.4+ takes several segment groups in one import job (its REST import jobs, as
upstream's multi-segment restore sends them); 2.2 and 2.3 take one per job. No 2.4 server runs
here, so these tests pin the requests the restore builds (tests/docker runs real images where a
Docker engine exists) and what the ledger records, so a resumed restore never imports a group
twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.restore import CollectionPlan, RestoreJob
from milvus_backup_grpc.engine.tasks import RestoreCollectionTask, RestoreTask
from milvus_backup_grpc.errors import ConfigError, MilvusError
from milvus_backup_grpc.layout.paths import BackupLayout
from milvus_backup_grpc.milvus.rest import job_id_of, rest_base_url
from milvus_backup_grpc.milvus.versions import ImportRequest, SegmentGroup, ServerFeatures
from milvus_backup_grpc.storage.local import LocalStorage
from tests.unit.samples import PART_DEFAULT, PART_P1, SEG_A, SEG_B, SEG_C, backup_copies


def _data(partition: str, n: int, version: int = 0, deletes: bool = True) -> SegmentGroup:
    return SegmentGroup(
        partition, f"/b/insert/{partition}/{n}/", f"/b/delta/{partition}/{n}/" if deletes else "",
        storage_version=version,
    )


def _l0(partition: str, n: int) -> SegmentGroup:
    return SegmentGroup(partition, "", f"/b/delta/{partition}/l0-{n}/", l0=True)


def test_before_2_4_each_segment_group_is_a_job_of_its_own() -> None:
    groups = [_data("_default", n) for n in range(3)]
    requests = ServerFeatures.of("v2.3.5").import_requests(groups, max_segments=256)
    assert [r.groups for r in requests] == [(g,) for g in groups]
    assert not any(r.packed for r in requests)
    assert requests[0].grpc_files() == ["/b/insert/_default/0/", "/b/delta/_default/0/"]
    assert requests[0].options == (("backup", "true"),)


def test_from_2_4_a_partitions_groups_of_one_format_share_jobs_of_at_most_the_limit() -> None:
    groups = [
        _data("_default", 0), _data("p1", 1), _data("_default", 2), _data("_default", 3),
        _data("_default", 4, version=2), _data("", 5), _l0("_default", 6), _l0("_default", 7),
        _l0("", 8),
    ]
    requests = ServerFeatures.of("2.4.13").import_requests(groups, max_segments=2)
    assert [(r.partition, [g.insert_dir or g.delta_dir for g in r.groups]) for r in requests] == [
        ("_default", ["/b/insert/_default/0/", "/b/insert/_default/2/"]),
        ("p1", ["/b/insert/p1/1/"]),
        ("_default", ["/b/insert/_default/3/"]),  # the third of _default's: a new job
        ("_default", ["/b/insert/_default/4/"]),  # another storage format: its own job
        ("_default", ["/b/insert//5/"]),  # no partition named: the default one
        ("_default", ["/b/delta/_default/l0-6/"]),  # L0 groups: one per job
        ("_default", ["/b/delta/_default/l0-7/"]),
        ("", ["/b/delta//l0-8/"]),  # collection-wide L0: no partition
    ]
    assert requests[0].options == (("backup", "true"), ("skip_disk_quota_check", "true"))
    assert requests[5].options == (("l0_import", "true"), ("skip_disk_quota_check", "true"))
    # A limit of 1 (or below) turns packing off.
    assert not any(r.packed for r in ServerFeatures.of("2.6.2").import_requests(groups, 1))


def test_a_packed_job_is_the_body_of_a_rest_import_job_and_never_a_grpc_import() -> None:
    groups = [_data("p1", 0, version=2), _data("p1", 1, version=2, deletes=False)]
    (request,) = ServerFeatures.of("v2.6.0").import_requests(groups, max_segments=256)
    assert request.packed
    assert request.rest_body("db1", "books") == {
        "dbName": "db1",
        "collectionName": "books",
        "partitionName": "p1",
        "files": [["/b/insert/p1/0/", "/b/delta/p1/0/"], ["/b/insert/p1/1/"]],
        "options": {"backup": "true", "skip_disk_quota_check": "true", "storage_version": "2"},
    }
    with pytest.raises(ValueError, match="one segment group"):
        request.grpc_files()


def test_the_rest_answer_gives_the_job_id_or_milvus_refusal() -> None:
    assert job_id_of({"code": 0, "data": {"jobId": "449123"}}) == 449123
    with pytest.raises(MilvusError, match="code 1100: too many files"):
        job_id_of({"code": 1100, "message": "too many files"})
    with pytest.raises(MilvusError, match="no job ID"):
        job_id_of({"code": 0, "data": {}})


def test_the_rest_endpoint_is_the_grpc_address_unless_set() -> None:
    def config(**overrides: str) -> Any:
        return load_config(None, env={}, overrides={"milvus.address": "m1", **overrides}).milvus

    assert rest_base_url(config()) == "http://m1:19530"
    assert rest_base_url(config(**{"milvus.tlsMode": "1"})) == "https://m1:19530"
    assert rest_base_url(config(**{"milvus.restEndpoint": "http://proxy:8080/"})) == (
        "http://proxy:8080"
    )


def test_the_limit_is_a_setting_under_upstreams_v2_key_and_must_be_positive(
    tmp_path: Path,
) -> None:
    v2 = tmp_path / "backup.yaml"
    v2.write_text("configVersion: v2\nrestore:\n  maxSegmentsPerImportJob: 64\n")
    assert load_config(str(v2), env={}).backup.max_segments_per_import_job == 64
    with pytest.raises(ConfigError, match="maxSegmentsPerImportJob must be at least 1"):
        load_config(None, env={}, overrides={"backup.maxSegmentsPerImportJob": "0"})


@dataclass
class _RecordingMilvus:
    """Records the import jobs a restore starts (which complete at once)."""

    jobs: list[ImportRequest] = field(default_factory=list)

    def start_import(self, db: str, coll: str, request: ImportRequest) -> list[int]:
        self.jobs.append(request)
        return [100 + len(self.jobs)]

    def import_progress(self, task_id: int) -> Any:
        return type("Done", (), {"completed": True, "failed": False})()


def _restore(
    tmp_path: Path, backup_info: model.BackupInfo, version: str, limit: int,
    ctask: RestoreCollectionTask | None = None,
) -> tuple[_RecordingMilvus, RestoreCollectionTask, BackupLayout]:
    storage = LocalStorage(tmp_path)
    layout = BackupLayout(str(tmp_path / "backup"), backup_info.name)
    for item in backup_copies(backup_info, layout):
        storage.write_bytes(item.dst_key, b"x" * item.size)
    coll = backup_info.collection_backups[0]
    config = load_config(None, env={}, overrides={
        "minio.storageType": "local", "backup.importPollSeconds": "0",
        "backup.maxSegmentsPerImportJob": str(limit),
    })
    milvus = _RecordingMilvus()
    ctask = ctask or RestoreCollectionTask(id="c1", source_db="default", source_name="books",
                                           target_db="default", target_name="books",
                                           size=coll.size)
    plan = CollectionPlan(coll, "default", "books", exists=False)
    job = RestoreJob(config, milvus, storage, storage, layout,  # type: ignore[arg-type]
                     model.RestoreInput(backup_name=backup_info.name), [plan],
                     RestoreTask(id="r1", backup_name=backup_info.name, collections=[ctask]),
                     features=ServerFeatures.of(version))
    job._import_data(plan, "default", "books", ctask)
    return milvus, ctask, layout


def _data_jobs(milvus: _RecordingMilvus) -> list[list[str]]:
    return [r.grpc_files() for r in milvus.jobs if not r.groups[0].l0]


def test_a_restore_into_2_3_imports_a_partitions_groups_in_one_job_of_its_directory(
    tmp_path: Path, backup_info: model.BackupInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage_requests: dict[str, list[str]] = {"has_prefix": []}
    has_prefix = LocalStorage.has_prefix

    def counted(self: LocalStorage, prefix: str) -> bool:
        storage_requests["has_prefix"].append(prefix)
        return has_prefix(self, prefix)

    monkeypatch.setattr(LocalStorage, "has_prefix", counted)
    milvus, ctask, layout = _restore(tmp_path, backup_info, "v2.3.5", limit=256)
    monkeypatch.undo()
    coll_id = backup_info.collection_backups[0].collection_id
    # _default's A and B: one gRPC import of the partition's directories, which Milvus 2.3
    # reads every segment below; p1's single segment keeps its group directory.
    assert _data_jobs(milvus) == [
        [layout.insert_partition_dir(coll_id, PART_DEFAULT),
         layout.delta_partition_dir(coll_id, PART_DEFAULT)],
        [layout.insert_group_dir(coll_id, PART_P1, SEG_C), ""],
    ]
    assert not any(r.packed for r in milvus.jobs)
    assert len(ctask.imports) == len(milvus.jobs)
    # The listing that proved the directory exact also told which directories hold objects.
    asked = storage_requests["has_prefix"]
    assert layout.insert_group_dir(coll_id, PART_P1, SEG_C) in asked
    assert not {layout.insert_partition_dir(coll_id, PART_DEFAULT),
                layout.delta_partition_dir(coll_id, PART_DEFAULT)} & set(asked), asked

    # Resumed with packing now off: the recorded whole-partition job is kept, none restarts.
    again, resumed, _ = _restore(tmp_path, backup_info, "v2.3.5", limit=1, ctask=ctask)
    assert again.jobs == [] and resumed.imports == ctask.imports


def test_before_2_4_a_partition_is_imported_group_by_group_when_its_directory_is_not_exact(
    tmp_path: Path, backup_info: model.BackupInfo
) -> None:
    coll_id = backup_info.collection_backups[0].collection_id
    layout = BackupLayout(str(tmp_path / "backup"), backup_info.name)
    # A binlog of a segment the backup does not list (a stray of an interrupted run) would be
    # imported with the partition: the groups go one by one instead.
    stray = layout.insert_log(coll_id, PART_DEFAULT, 7, 7, 100, 1)
    LocalStorage(tmp_path).write_bytes(stray, b"stray")
    milvus, _, _ = _restore(tmp_path, backup_info, "v2.3.5", limit=256)
    assert [files[0] for files in _data_jobs(milvus)] == [
        layout.insert_group_dir(coll_id, part, seg)
        for part, seg in ((PART_DEFAULT, SEG_A), (PART_DEFAULT, SEG_B), (PART_P1, SEG_C))
    ]
    LocalStorage(tmp_path).delete(stray)

    # A limit of 1 keeps one group per job, as on 2.4+.
    milvus, _, _ = _restore(tmp_path, backup_info, "v2.2.16", limit=1)
    assert len(_data_jobs(milvus)) == 3

    # A first run that imported group by group is resumed group by group.
    _, ctask, _ = _restore(tmp_path, backup_info, "v2.3.5", limit=1)
    first = next(iter(ctask.imports))
    ctask.imports = {first: ctask.imports[first]}
    milvus, _, _ = _restore(tmp_path, backup_info, "v2.3.5", limit=256, ctask=ctask)
    assert len(_data_jobs(milvus)) == 2  # the other _default group, and p1's


def test_the_ledger_holds_one_entry_per_packed_job_and_a_resume_keeps_its_packs(
    tmp_path: Path, backup_info: model.BackupInfo
) -> None:
    milvus, ctask, layout = _restore(tmp_path, backup_info, "v2.5.4", limit=256)
    packed = [r for r in milvus.jobs if r.packed]
    assert len(packed) == 1  # _default's A and B
    assert [g.insert_dir for g in packed[0].groups] == [
        layout.insert_group_dir(backup_info.collection_backups[0].collection_id, PART_DEFAULT,
                                seg)
        for seg in (SEG_A, SEG_B)
    ]
    assert len(ctask.imports) == len(milvus.jobs)  # one intent, one entry, per job
    pack_key = next(k for k in ctask.imports if ";" in k)
    assert pack_key.count(";") == 1 and all(ctask.imports.values())

    # Resumed with packing now off: the recorded jobs are waited on, none is started again.
    again, resumed, _ = _restore(tmp_path, backup_info, "v2.5.4", limit=1, ctask=ctask)
    assert again.jobs == []
    assert resumed.imports == ctask.imports


def test_a_resume_stops_when_a_packed_jobs_submission_was_cut_short(
    tmp_path: Path, backup_info: model.BackupInfo
) -> None:
    _, ctask, _ = _restore(tmp_path, backup_info, "v2.6.2", limit=256)
    pack_key = next(k for k in ctask.imports if ";" in k)
    ctask.imports[pack_key] = []  # the intent was stored, its job ID never was
    with pytest.raises(MilvusError, match="and 1 more segment groups was being submitted"):
        _restore(tmp_path, backup_info, "v2.6.2", limit=256, ctask=ctask)


def test_an_import_is_first_asked_after_a_tenth_of_a_second_then_twice_as_long_up_to_the_setting(
    tmp_path: Path, backup_info: model.BackupInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from milvus_backup_grpc.engine import restore as restore_module

    slept: list[float] = []
    monkeypatch.setattr(restore_module.time, "sleep", slept.append)
    answers = iter([False] * 6 + [True])

    class _Slow(_RecordingMilvus):
        def import_progress(self, task_id: int) -> Any:
            return type("State", (), {"completed": next(answers), "failed": False})()

    layout = BackupLayout(str(tmp_path / "backup"), backup_info.name)
    config = load_config(None, env={}, overrides={
        "minio.storageType": "local", "backup.importPollSeconds": "1",
    })
    job = RestoreJob(config, _Slow(), LocalStorage(tmp_path), LocalStorage(tmp_path),  # type: ignore[arg-type]
                     layout, model.RestoreInput(backup_name=backup_info.name), [],
                     RestoreTask(id="r1", backup_name=backup_info.name, collections=[]),
                     features=ServerFeatures.of("v2.3.5"))
    job._wait_import(7, "a segment")
    assert slept == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
