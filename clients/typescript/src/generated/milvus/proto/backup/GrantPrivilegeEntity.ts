// Original file: proto/milvus/backup/backup.proto

import type { GrantorEntity as _milvus_proto_backup_GrantorEntity, GrantorEntity__Output as _milvus_proto_backup_GrantorEntity__Output } from '../../../milvus/proto/backup/GrantorEntity';

export interface GrantPrivilegeEntity {
  'entities'?: (_milvus_proto_backup_GrantorEntity)[];
}

export interface GrantPrivilegeEntity__Output {
  'entities': (_milvus_proto_backup_GrantorEntity__Output)[];
}
