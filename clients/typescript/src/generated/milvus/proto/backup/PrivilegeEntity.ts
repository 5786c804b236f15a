// Original file: proto/milvus/backup/backup.proto


export interface PrivilegeEntity {
  'name'?: (string);
}

export interface PrivilegeEntity__Output {
  'name': (string);
}
