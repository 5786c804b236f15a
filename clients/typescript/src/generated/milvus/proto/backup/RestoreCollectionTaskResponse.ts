// Original file: proto/milvus/backup/backup.proto

import type { RestoreTaskStateCode as _milvus_proto_backup_RestoreTaskStateCode, RestoreTaskStateCode__Output as _milvus_proto_backup_RestoreTaskStateCode__Output } from '../../../milvus/proto/backup/RestoreTaskStateCode';
import type { Long } from '@grpc/proto-loader';

/**
 * Restore of one collection inside a restore task.
 */
export interface RestoreCollectionTaskResponse {
  'id'?: (string);
  'state_code'?: (_milvus_proto_backup_RestoreTaskStateCode);
  'errorMessage'?: (string);
  'start_time'?: (number | string | Long);
  'end_time'?: (number | string | Long);
  'progress'?: (number);
  'target_db_name'?: (string);
  'target_collection_name'?: (string);
}

/**
 * Restore of one collection inside a restore task.
 */
export interface RestoreCollectionTaskResponse__Output {
  'id': (string);
  'state_code': (_milvus_proto_backup_RestoreTaskStateCode__Output);
  'errorMessage': (string);
  'start_time': (string);
  'end_time': (string);
  'progress': (number);
  'target_db_name': (string);
  'target_collection_name': (string);
}
