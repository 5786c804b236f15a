// Original file: proto/milvus_backup_grpc/control/v1/control.proto


/**
 * Give exactly one of backup_name and task_id.
 */
export interface ResumeTaskRequest {
  'requestId'?: (string);
  'backup_name'?: (string);
  'task_id'?: (string);
}

/**
 * Give exactly one of backup_name and task_id.
 */
export interface ResumeTaskRequest__Output {
  'requestId': (string);
  'backup_name': (string);
  'task_id': (string);
}
