// Original file: proto/milvus/backup/backup.proto

import type { UserInfo as _milvus_proto_backup_UserInfo, UserInfo__Output as _milvus_proto_backup_UserInfo__Output } from '../../../milvus/proto/backup/UserInfo';
import type { RoleEntity as _milvus_proto_backup_RoleEntity, RoleEntity__Output as _milvus_proto_backup_RoleEntity__Output } from '../../../milvus/proto/backup/RoleEntity';
import type { GrantEntity as _milvus_proto_backup_GrantEntity, GrantEntity__Output as _milvus_proto_backup_GrantEntity__Output } from '../../../milvus/proto/backup/GrantEntity';
import type { PrivilegeGroupInfo as _milvus_proto_backup_PrivilegeGroupInfo, PrivilegeGroupInfo__Output as _milvus_proto_backup_PrivilegeGroupInfo__Output } from '../../../milvus/proto/backup/PrivilegeGroupInfo';

export interface RBACMeta {
  'users'?: (_milvus_proto_backup_UserInfo)[];
  'roles'?: (_milvus_proto_backup_RoleEntity)[];
  /**
   * Each grant is a (role, object, privilege) triple plus the database it applies to.
   */
  'grants'?: (_milvus_proto_backup_GrantEntity)[];
  'privilege_groups'?: (_milvus_proto_backup_PrivilegeGroupInfo)[];
}

export interface RBACMeta__Output {
  'users': (_milvus_proto_backup_UserInfo__Output)[];
  'roles': (_milvus_proto_backup_RoleEntity__Output)[];
  /**
   * Each grant is a (role, object, privilege) triple plus the database it applies to.
   */
  'grants': (_milvus_proto_backup_GrantEntity__Output)[];
  'privilege_groups': (_milvus_proto_backup_PrivilegeGroupInfo__Output)[];
}
