// Original file: proto/milvus/backup/backup.proto

import type { Long } from '@grpc/proto-loader';

export interface Binlog {
  /**
   * @deprecated
   */
  'entries_num'?: (number | string | Long);
  /**
   * @deprecated
   */
  'timestamp_from'?: (number | string | Long);
  /**
   * @deprecated
   */
  'timestamp_to'?: (number | string | Long);
  /**
   * Object key in the Milvus bucket the file was copied from.
   */
  'log_path'?: (string);
  /**
   * Not omitted from JSON meta.
   */
  'log_size'?: (number | string | Long);
  'log_id'?: (number | string | Long);
}

export interface Binlog__Output {
  /**
   * @deprecated
   */
  'entries_num': (string);
  /**
   * @deprecated
   */
  'timestamp_from': (string);
  /**
   * @deprecated
   */
  'timestamp_to': (string);
  /**
   * Object key in the Milvus bucket the file was copied from.
   */
  'log_path': (string);
  /**
   * Not omitted from JSON meta.
   */
  'log_size': (string);
  'log_id': (string);
}
