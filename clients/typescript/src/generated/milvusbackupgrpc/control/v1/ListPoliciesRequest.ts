// Original file: proto/milvus_backup_grpc/control/v1/control.proto


export interface ListPoliciesRequest {
  'requestId'?: (string);
}

export interface ListPoliciesRequest__Output {
  'requestId': (string);
}
