// Original file: proto/milvus/backup/backup.proto

import type { RestoreTaskStateCode as _milvus_proto_backup_RestoreTaskStateCode, RestoreTaskStateCode__Output as _milvus_proto_backup_RestoreTaskStateCode__Output } from '../../../milvus/proto/backup/RestoreTaskStateCode';
import type { RestoreCollectionTaskResponse as _milvus_proto_backup_RestoreCollectionTaskResponse, RestoreCollectionTaskResponse__Output as _milvus_proto_backup_RestoreCollectionTaskResponse__Output } from '../../../milvus/proto/backup/RestoreCollectionTaskResponse';
import type { Long } from '@grpc/proto-loader';

/**
 * A whole restore task: its state and one sub-task per collection.
 */
export interface RestoreBackupTaskResponse {
  'id'?: (string);
  'state_code'?: (_milvus_proto_backup_RestoreTaskStateCode);
  'errorMessage'?: (string);
  /**
   * Unix seconds.
   */
  'start_time'?: (number | string | Long);
  'end_time'?: (number | string | Long);
  /**
   * Percent done, 0..100.
   */
  'progress'?: (number);
  'collection_restore_tasks'?: (_milvus_proto_backup_RestoreCollectionTaskResponse)[];
}

/**
 * A whole restore task: its state and one sub-task per collection.
 */
export interface RestoreBackupTaskResponse__Output {
  'id': (string);
  'state_code': (_milvus_proto_backup_RestoreTaskStateCode__Output);
  'errorMessage': (string);
  /**
   * Unix seconds.
   */
  'start_time': (string);
  'end_time': (string);
  /**
   * Percent done, 0..100.
   */
  'progress': (number);
  'collection_restore_tasks': (_milvus_proto_backup_RestoreCollectionTaskResponse__Output)[];
}
