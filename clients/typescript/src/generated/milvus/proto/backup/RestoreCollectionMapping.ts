// Original file: proto/milvus/backup/backup.proto


export interface RestoreCollectionMapping {
  'source'?: (string);
  'target'?: (string);
}

export interface RestoreCollectionMapping__Output {
  'source': (string);
  'target': (string);
}
