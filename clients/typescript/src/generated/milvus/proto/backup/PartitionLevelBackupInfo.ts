// Original file: proto/milvus/backup/backup.proto

import type { PartitionBackupInfo as _milvus_proto_backup_PartitionBackupInfo, PartitionBackupInfo__Output as _milvus_proto_backup_PartitionBackupInfo__Output } from '../../../milvus/proto/backup/PartitionBackupInfo';

export interface PartitionLevelBackupInfo {
  'infos'?: (_milvus_proto_backup_PartitionBackupInfo)[];
}

export interface PartitionLevelBackupInfo__Output {
  'infos': (_milvus_proto_backup_PartitionBackupInfo__Output)[];
}
