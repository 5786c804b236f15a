// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { Long } from '@grpc/proto-loader';

export interface PolicyRun {
  'policy_name'?: (string);
  'backup_name'?: (string);
  /**
   * Unix times in milliseconds; end_ms is 0 while the run goes on.
   */
  'start_ms'?: (number | string | Long);
  'end_ms'?: (number | string | Long);
  /**
   * The backup's size.
   */
  'bytes'?: (number | string | Long);
  /**
   * "running", "success" or "failed".
   */
  'outcome'?: (string);
  'error_message'?: (string);
  /**
   * "schedule" or "manual".
   */
  'trigger'?: (string);
  /**
   * When the run was due (its start is a little later).
   */
  'due_ms'?: (number | string | Long);
  /**
   * The process that ran it.
   */
  'runner'?: (string);
  /**
   * Backups retention removed after this run.
   */
  'pruned'?: (string)[];
}

export interface PolicyRun__Output {
  'policy_name': (string);
  'backup_name': (string);
  /**
   * Unix times in milliseconds; end_ms is 0 while the run goes on.
   */
  'start_ms': (string);
  'end_ms': (string);
  /**
   * The backup's size.
   */
  'bytes': (string);
  /**
   * "running", "success" or "failed".
   */
  'outcome': (string);
  'error_message': (string);
  /**
   * "schedule" or "manual".
   */
  'trigger': (string);
  /**
   * When the run was due (its start is a little later).
   */
  'due_ms': (string);
  /**
   * The process that ran it.
   */
  'runner': (string);
  /**
   * Backups retention removed after this run.
   */
  'pruned': (string)[];
}
