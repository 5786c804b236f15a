// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreatePolicyRequest as _milvusbackupgrpc_control_v1_CreatePolicyRequest, CreatePolicyRequest__Output as _milvusbackupgrpc_control_v1_CreatePolicyRequest__Output } from '../../../milvusbackupgrpc/control/v1/CreatePolicyRequest';
import type { DeletePolicyRequest as _milvusbackupgrpc_control_v1_DeletePolicyRequest, DeletePolicyRequest__Output as _milvusbackupgrpc_control_v1_DeletePolicyRequest__Output } from '../../../milvusbackupgrpc/control/v1/DeletePolicyRequest';
import type { DeletePolicyResponse as _milvusbackupgrpc_control_v1_DeletePolicyResponse, DeletePolicyResponse__Output as _milvusbackupgrpc_control_v1_DeletePolicyResponse__Output } from '../../../milvusbackupgrpc/control/v1/DeletePolicyResponse';
import type { GetPolicyRequest as _milvusbackupgrpc_control_v1_GetPolicyRequest, GetPolicyRequest__Output as _milvusbackupgrpc_control_v1_GetPolicyRequest__Output } from '../../../milvusbackupgrpc/control/v1/GetPolicyRequest';
import type { ListPoliciesRequest as _milvusbackupgrpc_control_v1_ListPoliciesRequest, ListPoliciesRequest__Output as _milvusbackupgrpc_control_v1_ListPoliciesRequest__Output } from '../../../milvusbackupgrpc/control/v1/ListPoliciesRequest';
import type { ListPoliciesResponse as _milvusbackupgrpc_control_v1_ListPoliciesResponse, ListPoliciesResponse__Output as _milvusbackupgrpc_control_v1_ListPoliciesResponse__Output } from '../../../milvusbackupgrpc/control/v1/ListPoliciesResponse';
import type { ListPolicyRunsRequest as _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, ListPolicyRunsRequest__Output as _milvusbackupgrpc_control_v1_ListPolicyRunsRequest__Output } from '../../../milvusbackupgrpc/control/v1/ListPolicyRunsRequest';
import type { ListPolicyRunsResponse as _milvusbackupgrpc_control_v1_ListPolicyRunsResponse, ListPolicyRunsResponse__Output as _milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output } from '../../../milvusbackupgrpc/control/v1/ListPolicyRunsResponse';
import type { PolicyResponse as _milvusbackupgrpc_control_v1_PolicyResponse, PolicyResponse__Output as _milvusbackupgrpc_control_v1_PolicyResponse__Output } from '../../../milvusbackupgrpc/control/v1/PolicyResponse';
import type { RunPolicyNowRequest as _milvusbackupgrpc_control_v1_RunPolicyNowRequest, RunPolicyNowRequest__Output as _milvusbackupgrpc_control_v1_RunPolicyNowRequest__Output } from '../../../milvusbackupgrpc/control/v1/RunPolicyNowRequest';
import type { RunPolicyNowResponse as _milvusbackupgrpc_control_v1_RunPolicyNowResponse, RunPolicyNowResponse__Output as _milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output } from '../../../milvusbackupgrpc/control/v1/RunPolicyNowResponse';
import type { UpdatePolicyRequest as _milvusbackupgrpc_control_v1_UpdatePolicyRequest, UpdatePolicyRequest__Output as _milvusbackupgrpc_control_v1_UpdatePolicyRequest__Output } from '../../../milvusbackupgrpc/control/v1/UpdatePolicyRequest';

/**
 * Backup policies: scheduled backups with retention, stored in the backup root
 * (ROOT/.policies/NAME.json) so every replica sharing it sees them. Answers follow the same
 * style as above: Parameter_Error for bad input (a bad cron expression or time zone, an
 * unknown collection, a negative count, a taken name), Request_Object_Not_Found for an
 * unknown policy; a refused request changes nothing.
 */
export interface MilvusBackupPolicyServiceClient extends grpc.Client {
  CreatePolicy(argument: _milvusbackupgrpc_control_v1_CreatePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  CreatePolicy(argument: _milvusbackupgrpc_control_v1_CreatePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  CreatePolicy(argument: _milvusbackupgrpc_control_v1_CreatePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  CreatePolicy(argument: _milvusbackupgrpc_control_v1_CreatePolicyRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  createPolicy(argument: _milvusbackupgrpc_control_v1_CreatePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  createPolicy(argument: _milvusbackupgrpc_control_v1_CreatePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  createPolicy(argument: _milvusbackupgrpc_control_v1_CreatePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  createPolicy(argument: _milvusbackupgrpc_control_v1_CreatePolicyRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes the policy and its run history; its backups stay.
   */
  DeletePolicy(argument: _milvusbackupgrpc_control_v1_DeletePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>): grpc.ClientUnaryCall;
  DeletePolicy(argument: _milvusbackupgrpc_control_v1_DeletePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>): grpc.ClientUnaryCall;
  DeletePolicy(argument: _milvusbackupgrpc_control_v1_DeletePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>): grpc.ClientUnaryCall;
  DeletePolicy(argument: _milvusbackupgrpc_control_v1_DeletePolicyRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes the policy and its run history; its backups stay.
   */
  deletePolicy(argument: _milvusbackupgrpc_control_v1_DeletePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>): grpc.ClientUnaryCall;
  deletePolicy(argument: _milvusbackupgrpc_control_v1_DeletePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>): grpc.ClientUnaryCall;
  deletePolicy(argument: _milvusbackupgrpc_control_v1_DeletePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>): grpc.ClientUnaryCall;
  deletePolicy(argument: _milvusbackupgrpc_control_v1_DeletePolicyRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>): grpc.ClientUnaryCall;
  
  GetPolicy(argument: _milvusbackupgrpc_control_v1_GetPolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  GetPolicy(argument: _milvusbackupgrpc_control_v1_GetPolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  GetPolicy(argument: _milvusbackupgrpc_control_v1_GetPolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  GetPolicy(argument: _milvusbackupgrpc_control_v1_GetPolicyRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  getPolicy(argument: _milvusbackupgrpc_control_v1_GetPolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  getPolicy(argument: _milvusbackupgrpc_control_v1_GetPolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  getPolicy(argument: _milvusbackupgrpc_control_v1_GetPolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  getPolicy(argument: _milvusbackupgrpc_control_v1_GetPolicyRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  
  ListPolicies(argument: _milvusbackupgrpc_control_v1_ListPoliciesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>): grpc.ClientUnaryCall;
  ListPolicies(argument: _milvusbackupgrpc_control_v1_ListPoliciesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>): grpc.ClientUnaryCall;
  ListPolicies(argument: _milvusbackupgrpc_control_v1_ListPoliciesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>): grpc.ClientUnaryCall;
  ListPolicies(argument: _milvusbackupgrpc_control_v1_ListPoliciesRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>): grpc.ClientUnaryCall;
  listPolicies(argument: _milvusbackupgrpc_control_v1_ListPoliciesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>): grpc.ClientUnaryCall;
  listPolicies(argument: _milvusbackupgrpc_control_v1_ListPoliciesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>): grpc.ClientUnaryCall;
  listPolicies(argument: _milvusbackupgrpc_control_v1_ListPoliciesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>): grpc.ClientUnaryCall;
  listPolicies(argument: _milvusbackupgrpc_control_v1_ListPoliciesRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The policy's runs (or every policy's), newest first.
   */
  ListPolicyRuns(argument: _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>): grpc.ClientUnaryCall;
  ListPolicyRuns(argument: _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>): grpc.ClientUnaryCall;
  ListPolicyRuns(argument: _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>): grpc.ClientUnaryCall;
  ListPolicyRuns(argument: _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The policy's runs (or every policy's), newest first.
   */
  listPolicyRuns(argument: _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>): grpc.ClientUnaryCall;
  listPolicyRuns(argument: _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>): grpc.ClientUnaryCall;
  listPolicyRuns(argument: _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>): grpc.ClientUnaryCall;
  listPolicyRuns(argument: _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a run at once, outside the schedule; returns it "running". Poll ListPolicyRuns.
   */
  RunPolicyNow(argument: _milvusbackupgrpc_control_v1_RunPolicyNowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>): grpc.ClientUnaryCall;
  RunPolicyNow(argument: _milvusbackupgrpc_control_v1_RunPolicyNowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>): grpc.ClientUnaryCall;
  RunPolicyNow(argument: _milvusbackupgrpc_control_v1_RunPolicyNowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>): grpc.ClientUnaryCall;
  RunPolicyNow(argument: _milvusbackupgrpc_control_v1_RunPolicyNowRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a run at once, outside the schedule; returns it "running". Poll ListPolicyRuns.
   */
  runPolicyNow(argument: _milvusbackupgrpc_control_v1_RunPolicyNowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>): grpc.ClientUnaryCall;
  runPolicyNow(argument: _milvusbackupgrpc_control_v1_RunPolicyNowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>): grpc.ClientUnaryCall;
  runPolicyNow(argument: _milvusbackupgrpc_control_v1_RunPolicyNowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>): grpc.ClientUnaryCall;
  runPolicyNow(argument: _milvusbackupgrpc_control_v1_RunPolicyNowRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Replaces every setting of the policy (its creation time, the anchor of @every
   * schedules, stays).
   */
  UpdatePolicy(argument: _milvusbackupgrpc_control_v1_UpdatePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  UpdatePolicy(argument: _milvusbackupgrpc_control_v1_UpdatePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  UpdatePolicy(argument: _milvusbackupgrpc_control_v1_UpdatePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  UpdatePolicy(argument: _milvusbackupgrpc_control_v1_UpdatePolicyRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Replaces every setting of the policy (its creation time, the anchor of @every
   * schedules, stays).
   */
  updatePolicy(argument: _milvusbackupgrpc_control_v1_UpdatePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  updatePolicy(argument: _milvusbackupgrpc_control_v1_UpdatePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  updatePolicy(argument: _milvusbackupgrpc_control_v1_UpdatePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  updatePolicy(argument: _milvusbackupgrpc_control_v1_UpdatePolicyRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_PolicyResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Backup policies: scheduled backups with retention, stored in the backup root
 * (ROOT/.policies/NAME.json) so every replica sharing it sees them. Answers follow the same
 * style as above: Parameter_Error for bad input (a bad cron expression or time zone, an
 * unknown collection, a negative count, a taken name), Request_Object_Not_Found for an
 * unknown policy; a refused request changes nothing.
 */
export interface MilvusBackupPolicyServiceHandlers extends grpc.UntypedServiceImplementation {
  CreatePolicy: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_CreatePolicyRequest__Output, _milvusbackupgrpc_control_v1_PolicyResponse>;
  
  /**
   * Removes the policy and its run history; its backups stay.
   */
  DeletePolicy: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_DeletePolicyRequest__Output, _milvusbackupgrpc_control_v1_DeletePolicyResponse>;
  
  GetPolicy: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_GetPolicyRequest__Output, _milvusbackupgrpc_control_v1_PolicyResponse>;
  
  ListPolicies: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_ListPoliciesRequest__Output, _milvusbackupgrpc_control_v1_ListPoliciesResponse>;
  
  /**
   * The policy's runs (or every policy's), newest first.
   */
  ListPolicyRuns: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_ListPolicyRunsRequest__Output, _milvusbackupgrpc_control_v1_ListPolicyRunsResponse>;
  
  /**
   * Starts a run at once, outside the schedule; returns it "running". Poll ListPolicyRuns.
   */
  RunPolicyNow: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_RunPolicyNowRequest__Output, _milvusbackupgrpc_control_v1_RunPolicyNowResponse>;
  
  /**
   * Replaces every setting of the policy (its creation time, the anchor of @every
   * schedules, stays).
   */
  UpdatePolicy: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_UpdatePolicyRequest__Output, _milvusbackupgrpc_control_v1_PolicyResponse>;
  
}

export interface MilvusBackupPolicyServiceDefinition extends grpc.ServiceDefinition {
  CreatePolicy: MethodDefinition<_milvusbackupgrpc_control_v1_CreatePolicyRequest, _milvusbackupgrpc_control_v1_PolicyResponse, _milvusbackupgrpc_control_v1_CreatePolicyRequest__Output, _milvusbackupgrpc_control_v1_PolicyResponse__Output>
  DeletePolicy: MethodDefinition<_milvusbackupgrpc_control_v1_DeletePolicyRequest, _milvusbackupgrpc_control_v1_DeletePolicyResponse, _milvusbackupgrpc_control_v1_DeletePolicyRequest__Output, _milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>
  GetPolicy: MethodDefinition<_milvusbackupgrpc_control_v1_GetPolicyRequest, _milvusbackupgrpc_control_v1_PolicyResponse, _milvusbackupgrpc_control_v1_GetPolicyRequest__Output, _milvusbackupgrpc_control_v1_PolicyResponse__Output>
  ListPolicies: MethodDefinition<_milvusbackupgrpc_control_v1_ListPoliciesRequest, _milvusbackupgrpc_control_v1_ListPoliciesResponse, _milvusbackupgrpc_control_v1_ListPoliciesRequest__Output, _milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>
  ListPolicyRuns: MethodDefinition<_milvusbackupgrpc_control_v1_ListPolicyRunsRequest, _milvusbackupgrpc_control_v1_ListPolicyRunsResponse, _milvusbackupgrpc_control_v1_ListPolicyRunsRequest__Output, _milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>
  RunPolicyNow: MethodDefinition<_milvusbackupgrpc_control_v1_RunPolicyNowRequest, _milvusbackupgrpc_control_v1_RunPolicyNowResponse, _milvusbackupgrpc_control_v1_RunPolicyNowRequest__Output, _milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>
  UpdatePolicy: MethodDefinition<_milvusbackupgrpc_control_v1_UpdatePolicyRequest, _milvusbackupgrpc_control_v1_PolicyResponse, _milvusbackupgrpc_control_v1_UpdatePolicyRequest__Output, _milvusbackupgrpc_control_v1_PolicyResponse__Output>
}
