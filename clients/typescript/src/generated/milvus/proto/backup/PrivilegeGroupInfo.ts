// Original file: proto/milvus/backup/backup.proto

import type { PrivilegeEntity as _milvus_proto_backup_PrivilegeEntity, PrivilegeEntity__Output as _milvus_proto_backup_PrivilegeEntity__Output } from '../../../milvus/proto/backup/PrivilegeEntity';

export interface PrivilegeGroupInfo {
  'group_name'?: (string);
  'privileges'?: (_milvus_proto_backup_PrivilegeEntity)[];
}

export interface PrivilegeGroupInfo__Output {
  'group_name': (string);
  'privileges': (_milvus_proto_backup_PrivilegeEntity__Output)[];
}
