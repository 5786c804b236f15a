// Original file: proto/milvus/backup/backup.proto


export interface KeyValuePair {
  'key'?: (string);
  'value'?: (string);
}

export interface KeyValuePair__Output {
  'key': (string);
  'value': (string);
}
