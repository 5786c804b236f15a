// Original file: proto/milvus_backup_grpc/control/v1/control.proto


export interface RunPolicyNowRequest {
  'requestId'?: (string);
  'name'?: (string);
}

export interface RunPolicyNowRequest__Output {
  'requestId': (string);
  'name': (string);
}
