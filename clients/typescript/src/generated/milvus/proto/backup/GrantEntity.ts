// Original file: proto/milvus/backup/backup.proto

import type { RoleEntity as _milvus_proto_backup_RoleEntity, RoleEntity__Output as _milvus_proto_backup_RoleEntity__Output } from '../../../milvus/proto/backup/RoleEntity';
import type { ObjectEntity as _milvus_proto_backup_ObjectEntity, ObjectEntity__Output as _milvus_proto_backup_ObjectEntity__Output } from '../../../milvus/proto/backup/ObjectEntity';
import type { GrantorEntity as _milvus_proto_backup_GrantorEntity, GrantorEntity__Output as _milvus_proto_backup_GrantorEntity__Output } from '../../../milvus/proto/backup/GrantorEntity';

export interface GrantEntity {
  'role'?: (_milvus_proto_backup_RoleEntity | null);
  /**
   * Object type, e.g. "Collection" or "Global".
   */
  'object'?: (_milvus_proto_backup_ObjectEntity | null);
  /**
   * Name of the object, or "*".
   */
  'object_name'?: (string);
  'grantor'?: (_milvus_proto_backup_GrantorEntity | null);
  'db_name'?: (string);
}

export interface GrantEntity__Output {
  'role': (_milvus_proto_backup_RoleEntity__Output | null);
  /**
   * Object type, e.g. "Collection" or "Global".
   */
  'object': (_milvus_proto_backup_ObjectEntity__Output | null);
  /**
   * Name of the object, or "*".
   */
  'object_name': (string);
  'grantor': (_milvus_proto_backup_GrantorEntity__Output | null);
  'db_name': (string);
}
