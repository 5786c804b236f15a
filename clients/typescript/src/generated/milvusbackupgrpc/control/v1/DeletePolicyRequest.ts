// Original file: proto/milvus_backup_grpc/control/v1/control.proto


export interface DeletePolicyRequest {
  'requestId'?: (string);
  'name'?: (string);
}

export interface DeletePolicyRequest__Output {
  'requestId': (string);
  'name': (string);
}
