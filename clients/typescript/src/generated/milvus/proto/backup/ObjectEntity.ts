// Original file: proto/milvus/backup/backup.proto


export interface ObjectEntity {
  'name'?: (string);
}

export interface ObjectEntity__Output {
  'name': (string);
}
