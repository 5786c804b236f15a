// Original file: proto/milvus_backup_grpc/control/v1/control.proto


export interface ListPolicyRunsRequest {
  'requestId'?: (string);
  /**
   * The policy; empty: the runs of every policy, newest first.
   */
  'name'?: (string);
  /**
   * At most this many runs; 0: all.
   */
  'limit'?: (number);
}

export interface ListPolicyRunsRequest__Output {
  'requestId': (string);
  /**
   * The policy; empty: the runs of every policy, newest first.
   */
  'name': (string);
  /**
   * At most this many runs; 0: all.
   */
  'limit': (number);
}
