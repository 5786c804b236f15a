// Original file: proto/milvus/backup/backup.proto


export interface IndexInfo {
  'field_name'?: (string);
  'index_name'?: (string);
  'index_type'?: (string);
  /**
   * Every key/value DescribeIndex returned for this index.
   */
  'params'?: ({[key: string]: string});
}

export interface IndexInfo__Output {
  'field_name': (string);
  'index_name': (string);
  'index_type': (string);
  /**
   * Every key/value DescribeIndex returned for this index.
   */
  'params': ({[key: string]: string});
}
