// Original file: proto/milvus/backup/backup.proto

import type { SegmentBackupInfo as _milvus_proto_backup_SegmentBackupInfo, SegmentBackupInfo__Output as _milvus_proto_backup_SegmentBackupInfo__Output } from '../../../milvus/proto/backup/SegmentBackupInfo';

export interface SegmentLevelBackupInfo {
  'infos'?: (_milvus_proto_backup_SegmentBackupInfo)[];
}

export interface SegmentLevelBackupInfo__Output {
  'infos': (_milvus_proto_backup_SegmentBackupInfo__Output)[];
}
