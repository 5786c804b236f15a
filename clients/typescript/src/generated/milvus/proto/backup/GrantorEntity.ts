// Original file: proto/milvus/backup/backup.proto

import type { UserEntity as _milvus_proto_backup_UserEntity, UserEntity__Output as _milvus_proto_backup_UserEntity__Output } from '../../../milvus/proto/backup/UserEntity';
import type { PrivilegeEntity as _milvus_proto_backup_PrivilegeEntity, PrivilegeEntity__Output as _milvus_proto_backup_PrivilegeEntity__Output } from '../../../milvus/proto/backup/PrivilegeEntity';

export interface GrantorEntity {
  'user'?: (_milvus_proto_backup_UserEntity | null);
  'privilege'?: (_milvus_proto_backup_PrivilegeEntity | null);
}

export interface GrantorEntity__Output {
  'user': (_milvus_proto_backup_UserEntity__Output | null);
  'privilege': (_milvus_proto_backup_PrivilegeEntity__Output | null);
}
