"""Sample data for unit tests: a small but complete backup tree, as our backup job builds it.

The IDs are real-looking Milvus IDs (above 2**53, so a JSON reader that turns numbers into
floats would corrupt them), and the binlog keys follow the Milvus layout under root "files".
"""

from __future__ import annotations

import base64

from milvus_backup_grpc import model
from milvus_backup_grpc.layout.paths import BackupLayout
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.transfer import CopyItem

TASK_ID = "5a1d7b0e-0c1b-4d3c-9a2f-6c1e2b3a4d5f"
COLL_ID = 449_000_000_000_000_001
PART_DEFAULT = 449_000_000_000_000_002
PART_P1 = 449_000_000_000_000_003
SEG_A = 449_000_000_000_000_010
SEG_B = 449_000_000_000_000_011
SEG_C = 449_000_000_000_000_012
SEG_L0 = 449_000_000_000_000_020
VCHANNEL = f"by-dev-rootcoord-dml_0_{COLL_ID}v0"
FIELDS = (100, 101, 102)


def insert_key(part: int, seg: int, field: int, log: int) -> str:
    """The Milvus key of one insert binlog of the sample collection."""
    return f"files/insert_log/{COLL_ID}/{part}/{seg}/{field}/{log}"


def delta_key(part: int, seg: int, log: int) -> str:
    """The Milvus key of one delete binlog of the sample collection."""
    return f"files/delta_log/{COLL_ID}/{part}/{seg}/{log}"


def _segment(part: int, seg: int, rows: int, deltas: int) -> model.SegmentBackupInfo:
    info = model.SegmentBackupInfo(
        segment_id=seg,
        collection_id=COLL_ID,
        partition_id=part,
        num_of_rows=rows,
        group_id=seg,
        backuped=True,
    )
    log = 1000
    for field_id in FIELDS:
        log += 1
        info.binlogs.add(
            fieldID=field_id,
            binlogs=[
                model.Binlog(
                    entries_num=rows,
                    log_path=insert_key(part, seg, field_id, log),
                    log_size=100 * field_id + rows,
                    log_id=log,
                )
            ],
        )
    if deltas:
        info.deltalogs.add(
            fieldID=0,
            binlogs=[
                model.Binlog(log_path=delta_key(part, seg, 2000 + i), log_size=64, log_id=2000 + i)
                for i in range(deltas)
            ],
        )
    info.size = sum(b.log_size for fb in [*info.binlogs, *info.deltalogs] for b in fb.binlogs)
    return info


def _schema() -> model.CollectionSchema:
    title_default = pb.ValueField(string_data="untitled").SerializeToString()
    return model.CollectionSchema(
        name="books",
        description="sample books",
        enable_dynamic_field=True,
        fields=[
            model.FieldSchema(fieldID=100, name="id", is_primary_key=True, data_type=pb.Int64),
            model.FieldSchema(
                fieldID=101,
                name="vector",
                data_type=pb.FloatVector,
                type_params=[model.KeyValuePair(key="dim", value="4")],
            ),
            model.FieldSchema(
                fieldID=102,
                name="title",
                data_type=pb.VarChar,
                nullable=True,
                type_params=[model.KeyValuePair(key="max_length", value="256")],
                default_value_base64=base64.b64encode(title_default).decode("ascii"),
            ),
        ],
    )


def build_backup_info() -> model.BackupInfo:
    """A finished backup of one collection with two partitions and three segments.

    Segment A has two delete logs; B and C have none. The collection also holds one
    collection-wide L0 segment (partition -1), which level files cannot carry.
    """
    coll = model.CollectionBackupInfo(
        id=TASK_ID,
        state_code=model.BACKUP_SUCCESS,
        start_time=1_717_000_000,
        end_time=1_717_000_060,
        progress=100,
        collection_id=COLL_ID,
        db_name="default",
        collection_name="books",
        schema=_schema(),
        shards_num=1,
        consistency_level=pb.Session,
        backup_timestamp=450_123_456_789_012_345,
        has_index=True,
        load_state="Loaded",
        backup_physical_timestamp=1_717_000_001,
        properties=[model.KeyValuePair(key="collection.ttl.seconds", value="0")],
    )
    coll.channel_checkpoints[VCHANNEL] = base64.b64encode(
        pb.MsgPosition(
            channel_name=VCHANNEL, msgID=b"\x01\x02\x03", timestamp=450_123_456_789_012_345
        ).SerializeToString()
    ).decode("ascii")
    coll.index_infos.add(
        field_name="vector",
        index_name="vec_idx",
        index_type="HNSW",
        params={"index_type": "HNSW", "metric_type": "L2", "params": '{"M": 8}'},
    )
    default = coll.partition_backups.add(
        partition_id=PART_DEFAULT,
        partition_name="_default",
        collection_id=COLL_ID,
        load_state="Loaded",
    )
    default.segment_backups.extend(
        [_segment(PART_DEFAULT, SEG_A, 300, 2), _segment(PART_DEFAULT, SEG_B, 200, 0)]
    )
    p1 = coll.partition_backups.add(
        partition_id=PART_P1, partition_name="p1", collection_id=COLL_ID, load_state="Loaded"
    )
    p1.segment_backups.append(_segment(PART_P1, SEG_C, 50, 0))
    l0 = model.SegmentBackupInfo(
        segment_id=SEG_L0, collection_id=COLL_ID, partition_id=-1, is_l0=True, group_id=0
    )
    l0.deltalogs.add(
        binlogs=[model.Binlog(log_path=delta_key(-1, SEG_L0, 3000), log_size=32, log_id=3000)]
    )
    l0.size = 32
    coll.l0_segments.append(l0)
    for part in coll.partition_backups:
        part.size = sum(s.size for s in part.segment_backups)
    coll.size = sum(p.size for p in coll.partition_backups)

    info = model.BackupInfo(
        id=TASK_ID,
        state_code=model.BACKUP_SUCCESS,
        start_time=1_717_000_000_000,
        end_time=1_717_000_060_000,
        progress=100,
        name="bk_sample",
        milvus_version="v2.4.17",
        database_backups=[model.DatabaseBackupInfo(db_name="default")],
    )
    info.collection_backups.append(coll)
    info.size = coll.size
    return info


def backup_copies(info: model.BackupInfo, layout: BackupLayout) -> list[CopyItem]:
    """Every binlog of the sample as a copy from its Milvus key to its key in the backup."""
    return [
        CopyItem(log.log_path, key, log.log_size)
        for coll in info.collection_backups
        for seg in [*(s for p in coll.partition_backups for s in p.segment_backups),
                    *coll.l0_segments]
        for key, log in layout.segment_binlogs(seg)
    ]
