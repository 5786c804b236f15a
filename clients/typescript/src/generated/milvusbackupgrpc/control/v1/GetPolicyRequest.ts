// Original file: proto/milvus_backup_grpc/control/v1/control.proto


export interface GetPolicyRequest {
  'requestId'?: (string);
  'name'?: (string);
}

export interface GetPolicyRequest__Output {
  'requestId': (string);
  'name': (string);
}
