// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelTaskRequest as _milvusbackupgrpc_control_v1_CancelTaskRequest, CancelTaskRequest__Output as _milvusbackupgrpc_control_v1_CancelTaskRequest__Output } from '../../../milvusbackupgrpc/control/v1/CancelTaskRequest';
import type { CancelTaskResponse as _milvusbackupgrpc_control_v1_CancelTaskResponse, CancelTaskResponse__Output as _milvusbackupgrpc_control_v1_CancelTaskResponse__Output } from '../../../milvusbackupgrpc/control/v1/CancelTaskResponse';
import type { ListTasksRequest as _milvusbackupgrpc_control_v1_ListTasksRequest, ListTasksRequest__Output as _milvusbackupgrpc_control_v1_ListTasksRequest__Output } from '../../../milvusbackupgrpc/control/v1/ListTasksRequest';
import type { ListTasksResponse as _milvusbackupgrpc_control_v1_ListTasksResponse, ListTasksResponse__Output as _milvusbackupgrpc_control_v1_ListTasksResponse__Output } from '../../../milvusbackupgrpc/control/v1/ListTasksResponse';
import type { ResumeTaskRequest as _milvusbackupgrpc_control_v1_ResumeTaskRequest, ResumeTaskRequest__Output as _milvusbackupgrpc_control_v1_ResumeTaskRequest__Output } from '../../../milvusbackupgrpc/control/v1/ResumeTaskRequest';
import type { ResumeTaskResponse as _milvusbackupgrpc_control_v1_ResumeTaskResponse, ResumeTaskResponse__Output as _milvusbackupgrpc_control_v1_ResumeTaskResponse__Output } from '../../../milvusbackupgrpc/control/v1/ResumeTaskResponse';

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
  
  /**
   * Resumes an interrupted backup or restore (its record unfinished, its lease expired):
   * the serving process takes the record over (compare-and-swap) and continues the task in
   * the background from what storage holds (a backup's plan and copied objects, a restore's
   * ledger of import jobs). Returns the task as it runs; poll ListTasks to see it end.
   */
  ResumeTask(argument: _milvusbackupgrpc_control_v1_ResumeTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>): grpc.ClientUnaryCall;
  ResumeTask(argument: _milvusbackupgrpc_control_v1_ResumeTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>): grpc.ClientUnaryCall;
  ResumeTask(argument: _milvusbackupgrpc_control_v1_ResumeTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>): grpc.ClientUnaryCall;
  ResumeTask(argument: _milvusbackupgrpc_control_v1_ResumeTaskRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Resumes an interrupted backup or restore (its record unfinished, its lease expired):
   * the serving process takes the record over (compare-and-swap) and continues the task in
   * the background from what storage holds (a backup's plan and copied objects, a restore's
   * ledger of import jobs). Returns the task as it runs; poll ListTasks to see it end.
   */
  resumeTask(argument: _milvusbackupgrpc_control_v1_ResumeTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>): grpc.ClientUnaryCall;
  resumeTask(argument: _milvusbackupgrpc_control_v1_ResumeTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>): grpc.ClientUnaryCall;
  resumeTask(argument: _milvusbackupgrpc_control_v1_ResumeTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>): grpc.ClientUnaryCall;
  resumeTask(argument: _milvusbackupgrpc_control_v1_ResumeTaskRequest, callback: grpc.requestCallback<_milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  /**
   * Resumes an interrupted backup or restore (its record unfinished, its lease expired):
   * the serving process takes the record over (compare-and-swap) and continues the task in
   * the background from what storage holds (a backup's plan and copied objects, a restore's
   * ledger of import jobs). Returns the task as it runs; poll ListTasks to see it end.
   */
  ResumeTask: grpc.handleUnaryCall<_milvusbackupgrpc_control_v1_ResumeTaskRequest__Output, _milvusbackupgrpc_control_v1_ResumeTaskResponse>;
  
}

export interface MilvusBackupControlServiceDefinition extends grpc.ServiceDefinition {
  CancelTask: MethodDefinition<_milvusbackupgrpc_control_v1_CancelTaskRequest, _milvusbackupgrpc_control_v1_CancelTaskResponse, _milvusbackupgrpc_control_v1_CancelTaskRequest__Output, _milvusbackupgrpc_control_v1_CancelTaskResponse__Output>
  ListTasks: MethodDefinition<_milvusbackupgrpc_control_v1_ListTasksRequest, _milvusbackupgrpc_control_v1_ListTasksResponse, _milvusbackupgrpc_control_v1_ListTasksRequest__Output, _milvusbackupgrpc_control_v1_ListTasksResponse__Output>
  ResumeTask: MethodDefinition<_milvusbackupgrpc_control_v1_ResumeTaskRequest, _milvusbackupgrpc_control_v1_ResumeTaskResponse, _milvusbackupgrpc_control_v1_ResumeTaskRequest__Output, _milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>
}
