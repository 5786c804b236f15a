// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelTaskRequest as _milvusbackupgrpc_control_v1_CancelTaskRequest, CancelTaskRequest__Output as _milvusbackupgrpc_control_v1_CancelTaskRequest__Output } from '../../../milvusbackupgrpc/control/v1/CancelTaskRequest';
import type { CancelTaskResponse as _milvusbackupgrpc_control_v1_CancelTaskResponse, CancelTaskResponse__Output as _milvusbackupgrpc_control_v1_CancelTaskResponse__Output } from '../../../milvusbackupgrpc/control/v1/CancelTaskResponse';
import type { ListTasksRequest as _milvusbackupgrpc_control_v1_ListTasksRequest, ListTasksRequest__Output as _milvusbackupgrpc_control_v1_ListTasksRequest__Output } from '../../../milvusbackupgrpc/control/v1/ListTasksRequest';
import type { ListTasksResponse as _milvusbackupgrpc_control_v1_ListTasksResponse, ListTasksResponse__Output as _milvusbackupgrpc_control_v1_ListTasksResponse__Output } from '../../../milvusbackupgrpc/control/v1/ListTasksResponse';

export interface MilvusBackupControlServiceClient extends grpc.Client {
  /**
   * Asks a running backup or restore of the serving process to stop, waits up to 5 seconds
   * for it to end, and returns its state. A cancelled backup removes its objects; a
   * cancelled restore drops the collections it created and had not finished.
   */
  CancelTask(argument: _milvusbackupgrpc_control_v1_CancelTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_CancelTaskResponse__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _milvusbackupgrpc_control_v1_CancelTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_CancelTaskResponse__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _milvusbackupgrpc_control_v1_CancelTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_CancelTaskResponse__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _milvusbackupgrpc_control_v1_CancelTaskRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_CancelTaskResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Asks a running backup or restore of the serving process to stop, waits up to 5 seconds
   * for it to end, and returns its state. A cancelled backup removes its objects; a
   * cancelled restore drops the collections it created and had not finished.
   */
  cancelTask(argument: _milvusbackupgrpc_control_v1_CancelTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_CancelTaskResponse__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _milvusbackupgrpc_control_v1_CancelTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_CancelTaskResponse__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _milvusbackupgrpc_control_v1_CancelTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_CancelTaskResponse__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _milvusbackupgrpc_control_v1_CancelTaskRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_CancelTaskResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The tasks of the backup root: those of the serving process, and those recorded in
   * storage by any process (backup records ROOT/NAME/backup_task.json, restore records
   * ROOT/.restore_tasks/ID.json).
   */
  ListTasks(argument: _milvusbackupgrpc_control_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _milvusbackupgrpc_control_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _milvusbackupgrpc_control_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _milvusbackupgrpc_control_v1_ListTasksRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The tasks of the backup root: those of the serving process, and those recorded in
   * storage by any process (backup records ROOT/NAME/backup_task.json, restore records
   * ROOT/.restore_tasks/ID.json).
   */
  listTasks(argument: _milvusbackupgrpc_control_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _milvusbackupgrpc_control_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _milvusbackupgrpc_control_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _milvusbackupgrpc_control_v1_ListTasksRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface MilvusBackupControlServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Asks a running backup or restore of the serving process to stop, waits up to 5 seconds
   * for it to end, and returns its state. A cancelled backup removes its objects; a
   * cancelled restore drops the collections it created and had not finished.
   */
  CancelTask: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_CancelTaskRequest__Output, _milvusbackupgrpc_control_v1_CancelTaskResponse>;
  
  /**
   * The tasks of the backup root: those of the serving process, and those recorded in
   * storage by any process (backup records ROOT/NAME/backup_task.json, restore records
   * ROOT/.restore_tasks/ID.json).
   */
  ListTasks: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_ListTasksRequest__Output, _milvusbackupgrpc_control_v1_ListTasksResponse>;
  
}

export interface MilvusBackupControlServiceDefinition extends grpc.ServiceDefinition {
  CancelTask: MethodDefinition<_milvusbackupgrpc_control_v1_CancelTaskRequest, _milvusbackupgrpc_control_v1_CancelTaskResponse, _milvusbackupgrpc_control_v1_CancelTaskRequest__Output, _milvusbackupgrpc_control_v1_CancelTaskResponse__Output>
  ListTasks: MethodDefinition<_milvusbackupgrpc_control_v1_ListTasksRequest, _milvusbackupgrpc_control_v1_ListTasksResponse, _milvusbackupgrpc_control_v1_ListTasksRequest__Output, _milvusbackupgrpc_control_v1_ListTasksResponse__Output>
}
