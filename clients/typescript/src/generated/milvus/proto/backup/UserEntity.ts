// Original file: proto/milvus/backup/backup.proto


export interface UserEntity {
  'name'?: (string);
}

export interface UserEntity__Output {
  'name': (string);
}
