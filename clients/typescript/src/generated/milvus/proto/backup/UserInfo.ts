// Original file: proto/milvus/backup/backup.proto

import type { RoleEntity as _milvus_proto_backup_RoleEntity, RoleEntity__Output as _milvus_proto_backup_RoleEntity__Output } from '../../../milvus/proto/backup/RoleEntity';

export interface UserInfo {
  'user'?: (string);
  /**
   * Whatever Milvus returns for the user's credential.
   */
  'password'?: (string);
  'roles'?: (_milvus_proto_backup_RoleEntity)[];
}

export interface UserInfo__Output {
  'user': (string);
  /**
   * Whatever Milvus returns for the user's credential.
   */
  'password': (string);
  'roles': (_milvus_proto_backup_RoleEntity__Output)[];
}
