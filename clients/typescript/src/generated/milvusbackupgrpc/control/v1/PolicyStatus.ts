// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { Policy as _milvusbackupgrpc_control_v1_Policy, Policy__Output as _milvusbackupgrpc_control_v1_Policy__Output } from '../../../milvusbackupgrpc/control/v1/Policy';
import type { Long } from '@grpc/proto-loader';

export interface PolicyStatus {
  'policy'?: (_milvusbackupgrpc_control_v1_Policy | null);
  /**
   * Unix times in milliseconds; 0 when there is none yet.
   */
  'next_run_ms'?: (number | string | Long);
  'last_run_ms'?: (number | string | Long);
  'last_success_ms'?: (number | string | Long);
  /**
   * The last run's outcome: "running", "success", "failed"; "" before the first run.
   */
  'last_outcome'?: (string);
  /**
   * The last success is older than twice the schedule's interval.
   */
  'stale'?: (boolean);
}

export interface PolicyStatus__Output {
  'policy': (_milvusbackupgrpc_control_v1_Policy__Output | null);
  /**
   * Unix times in milliseconds; 0 when there is none yet.
   */
  'next_run_ms': (string);
  'last_run_ms': (string);
  'last_success_ms': (string);
  /**
   * The last run's outcome: "running", "success", "failed"; "" before the first run.
   */
  'last_outcome': (string);
  /**
   * The last success is older than twice the schedule's interval.
   */
  'stale': (boolean);
}
