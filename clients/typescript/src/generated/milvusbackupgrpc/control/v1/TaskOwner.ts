// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The process that runs a task; empty where the record does not name it.
 */
export interface TaskOwner {
  'host'?: (string);
  'pid'?: (number | string | Long);
  'process_id'?: (string);
}

/**
 * The process that runs a task; empty where the record does not name it.
 */
export interface TaskOwner__Output {
  'host': (string);
  'pid': (string);
  'process_id': (string);
}
