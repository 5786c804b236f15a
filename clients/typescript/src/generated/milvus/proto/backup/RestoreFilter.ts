// Original file: proto/milvus/backup/backup.proto


export interface RestoreFilter {
  'colls'?: (string)[];
}

export interface RestoreFilter__Output {
  'colls': (string)[];
}
