// Original file: proto/milvus/backup/backup.proto


export interface RoleEntity {
  'name'?: (string);
}

export interface RoleEntity__Output {
  'name': (string);
}
