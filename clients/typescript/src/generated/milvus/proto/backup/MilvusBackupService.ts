// Original file: proto/milvus/backup/backup.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BackupInfoResponse as _milvus_proto_backup_BackupInfoResponse, BackupInfoResponse__Output as _milvus_proto_backup_BackupInfoResponse__Output } from '../../../milvus/proto/backup/BackupInfoResponse';
import type { CheckRequest as _milvus_proto_backup_CheckRequest, CheckRequest__Output as _milvus_proto_backup_CheckRequest__Output } from '../../../milvus/proto/backup/CheckRequest';
import type { CheckResponse as _milvus_proto_backup_CheckResponse, CheckResponse__Output as _milvus_proto_backup_CheckResponse__Output } from '../../../milvus/proto/backup/CheckResponse';
import type { CreateBackupRequest as _milvus_proto_backup_CreateBackupRequest, CreateBackupRequest__Output as _milvus_proto_backup_CreateBackupRequest__Output } from '../../../milvus/proto/backup/CreateBackupRequest';
import type { DeleteBackupRequest as _milvus_proto_backup_DeleteBackupRequest, DeleteBackupRequest__Output as _milvus_proto_backup_DeleteBackupRequest__Output } from '../../../milvus/proto/backup/DeleteBackupRequest';
import type { DeleteBackupResponse as _milvus_proto_backup_DeleteBackupResponse, DeleteBackupResponse__Output as _milvus_proto_backup_DeleteBackupResponse__Output } from '../../../milvus/proto/backup/DeleteBackupResponse';
import type { GetBackupRequest as _milvus_proto_backup_GetBackupRequest, GetBackupRequest__Output as _milvus_proto_backup_GetBackupRequest__Output } from '../../../milvus/proto/backup/GetBackupRequest';
import type { GetRestoreStateRequest as _milvus_proto_backup_GetRestoreStateRequest, GetRestoreStateRequest__Output as _milvus_proto_backup_GetRestoreStateRequest__Output } from '../../../milvus/proto/backup/GetRestoreStateRequest';
import type { ListBackupsRequest as _milvus_proto_backup_ListBackupsRequest, ListBackupsRequest__Output as _milvus_proto_backup_ListBackupsRequest__Output } from '../../../milvus/proto/backup/ListBackupsRequest';
import type { ListBackupsResponse as _milvus_proto_backup_ListBackupsResponse, ListBackupsResponse__Output as _milvus_proto_backup_ListBackupsResponse__Output } from '../../../milvus/proto/backup/ListBackupsResponse';
import type { RestoreBackupRequest as _milvus_proto_backup_RestoreBackupRequest, RestoreBackupRequest__Output as _milvus_proto_backup_RestoreBackupRequest__Output } from '../../../milvus/proto/backup/RestoreBackupRequest';
import type { RestoreBackupResponse as _milvus_proto_backup_RestoreBackupResponse, RestoreBackupResponse__Output as _milvus_proto_backup_RestoreBackupResponse__Output } from '../../../milvus/proto/backup/RestoreBackupResponse';

export interface MilvusBackupServiceClient extends grpc.Client {
  /**
   * Probes that Milvus and both storages are reachable with the current configuration.
   */
  Check(argument: _milvus_proto_backup_CheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _milvus_proto_backup_CheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _milvus_proto_backup_CheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _milvus_proto_backup_CheckRequest, callback: grpc.requestCallback<_milvus_proto_backup_CheckResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Probes that Milvus and both storages are reachable with the current configuration.
   */
  check(argument: _milvus_proto_backup_CheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _milvus_proto_backup_CheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _milvus_proto_backup_CheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _milvus_proto_backup_CheckRequest, callback: grpc.requestCallback<_milvus_proto_backup_CheckResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts a backup; with async=true it returns at once and the task is polled with GetBackup.
   */
  CreateBackup(argument: _milvus_proto_backup_CreateBackupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  CreateBackup(argument: _milvus_proto_backup_CreateBackupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  CreateBackup(argument: _milvus_proto_backup_CreateBackupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  CreateBackup(argument: _milvus_proto_backup_CreateBackupRequest, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Starts a backup; with async=true it returns at once and the task is polled with GetBackup.
   */
  createBackup(argument: _milvus_proto_backup_CreateBackupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  createBackup(argument: _milvus_proto_backup_CreateBackupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  createBackup(argument: _milvus_proto_backup_CreateBackupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  createBackup(argument: _milvus_proto_backup_CreateBackupRequest, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes a backup and all of its files.
   */
  DeleteBackup(argument: _milvus_proto_backup_DeleteBackupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_DeleteBackupResponse__Output>): grpc.ClientUnaryCall;
  DeleteBackup(argument: _milvus_proto_backup_DeleteBackupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_DeleteBackupResponse__Output>): grpc.ClientUnaryCall;
  DeleteBackup(argument: _milvus_proto_backup_DeleteBackupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_DeleteBackupResponse__Output>): grpc.ClientUnaryCall;
  DeleteBackup(argument: _milvus_proto_backup_DeleteBackupRequest, callback: grpc.requestCallback<_milvus_proto_backup_DeleteBackupResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes a backup and all of its files.
   */
  deleteBackup(argument: _milvus_proto_backup_DeleteBackupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_DeleteBackupResponse__Output>): grpc.ClientUnaryCall;
  deleteBackup(argument: _milvus_proto_backup_DeleteBackupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_DeleteBackupResponse__Output>): grpc.ClientUnaryCall;
  deleteBackup(argument: _milvus_proto_backup_DeleteBackupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_DeleteBackupResponse__Output>): grpc.ClientUnaryCall;
  deleteBackup(argument: _milvus_proto_backup_DeleteBackupRequest, callback: grpc.requestCallback<_milvus_proto_backup_DeleteBackupResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads one backup (or a running backup task) by name or id.
   */
  GetBackup(argument: _milvus_proto_backup_GetBackupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  GetBackup(argument: _milvus_proto_backup_GetBackupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  GetBackup(argument: _milvus_proto_backup_GetBackupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  GetBackup(argument: _milvus_proto_backup_GetBackupRequest, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads one backup (or a running backup task) by name or id.
   */
  getBackup(argument: _milvus_proto_backup_GetBackupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  getBackup(argument: _milvus_proto_backup_GetBackupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  getBackup(argument: _milvus_proto_backup_GetBackupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  getBackup(argument: _milvus_proto_backup_GetBackupRequest, callback: grpc.requestCallback<_milvus_proto_backup_BackupInfoResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads the state of a restore task by its id.
   */
  GetRestore(argument: _milvus_proto_backup_GetRestoreStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  GetRestore(argument: _milvus_proto_backup_GetRestoreStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  GetRestore(argument: _milvus_proto_backup_GetRestoreStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  GetRestore(argument: _milvus_proto_backup_GetRestoreStateRequest, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads the state of a restore task by its id.
   */
  getRestore(argument: _milvus_proto_backup_GetRestoreStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  getRestore(argument: _milvus_proto_backup_GetRestoreStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  getRestore(argument: _milvus_proto_backup_GetRestoreStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  getRestore(argument: _milvus_proto_backup_GetRestoreStateRequest, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists the backups under the configured root, optionally only those holding a collection.
   */
  ListBackups(argument: _milvus_proto_backup_ListBackupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_ListBackupsResponse__Output>): grpc.ClientUnaryCall;
  ListBackups(argument: _milvus_proto_backup_ListBackupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_ListBackupsResponse__Output>): grpc.ClientUnaryCall;
  ListBackups(argument: _milvus_proto_backup_ListBackupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_ListBackupsResponse__Output>): grpc.ClientUnaryCall;
  ListBackups(argument: _milvus_proto_backup_ListBackupsRequest, callback: grpc.requestCallback<_milvus_proto_backup_ListBackupsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the backups under the configured root, optionally only those holding a collection.
   */
  listBackups(argument: _milvus_proto_backup_ListBackupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_ListBackupsResponse__Output>): grpc.ClientUnaryCall;
  listBackups(argument: _milvus_proto_backup_ListBackupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_ListBackupsResponse__Output>): grpc.ClientUnaryCall;
  listBackups(argument: _milvus_proto_backup_ListBackupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_ListBackupsResponse__Output>): grpc.ClientUnaryCall;
  listBackups(argument: _milvus_proto_backup_ListBackupsRequest, callback: grpc.requestCallback<_milvus_proto_backup_ListBackupsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Restores a backup into Milvus; with async=true it returns a task to poll with GetRestore.
   */
  RestoreBackup(argument: _milvus_proto_backup_RestoreBackupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  RestoreBackup(argument: _milvus_proto_backup_RestoreBackupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  RestoreBackup(argument: _milvus_proto_backup_RestoreBackupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  RestoreBackup(argument: _milvus_proto_backup_RestoreBackupRequest, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Restores a backup into Milvus; with async=true it returns a task to poll with GetRestore.
   */
  restoreBackup(argument: _milvus_proto_backup_RestoreBackupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  restoreBackup(argument: _milvus_proto_backup_RestoreBackupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  restoreBackup(argument: _milvus_proto_backup_RestoreBackupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  restoreBackup(argument: _milvus_proto_backup_RestoreBackupRequest, callback: grpc.requestCallback<_milvus_proto_backup_RestoreBackupResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface MilvusBackupServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Probes that Milvus and both storages are reachable with the current configuration.
   */
  Check: grpc.handleUnaryCall<_milvus_proto_backup_CheckRequest__Output, _milvus_proto_backup_CheckResponse>;
  
  /**
   * Starts a backup; with async=true it returns at once and the task is polled with GetBackup.
   */
  CreateBackup: grpc.handleUnaryCall<_milvus_proto_backup_CreateBackupRequest__Output, _milvus_proto_backup_BackupInfoResponse>;
  
  /**
   * Removes a backup and all of its files.
   */
  DeleteBackup: grpc.handleUnaryCall<_milvus_proto_backup_DeleteBackupRequest__Output, _milvus_proto_backup_DeleteBackupResponse>;
  
  /**
   * Reads one backup (or a running backup task) by name or id.
   */
  GetBackup: grpc.handleUnaryCall<_milvus_proto_backup_GetBackupRequest__Output, _milvus_proto_backup_BackupInfoResponse>;
  
  /**
   * Reads the state of a restore task by its id.
   */
  GetRestore: grpc.handleUnaryCall<_milvus_proto_backup_GetRestoreStateRequest__Output, _milvus_proto_backup_RestoreBackupResponse>;
  
  /**
   * Lists the backups under the configured root, optionally only those holding a collection.
   */
  ListBackups: grpc.handleUnaryCall<_milvus_proto_backup_ListBackupsRequest__Output, _milvus_proto_backup_ListBackupsResponse>;
  
  /**
   * Restores a backup into Milvus; with async=true it returns a task to poll with GetRestore.
   */
  RestoreBackup: grpc.handleUnaryCall<_milvus_proto_backup_RestoreBackupRequest__Output, _milvus_proto_backup_RestoreBackupResponse>;
  
}

export interface MilvusBackupServiceDefinition extends grpc.ServiceDefinition {
  Check: MethodDefinition<_milvus_proto_backup_CheckRequest, _milvus_proto_backup_CheckResponse, _milvus_proto_backup_CheckRequest__Output, _milvus_proto_backup_CheckResponse__Output>
  CreateBackup: MethodDefinition<_milvus_proto_backup_CreateBackupRequest, _milvus_proto_backup_BackupInfoResponse, _milvus_proto_backup_CreateBackupRequest__Output, _milvus_proto_backup_BackupInfoResponse__Output>
  DeleteBackup: MethodDefinition<_milvus_proto_backup_DeleteBackupRequest, _milvus_proto_backup_DeleteBackupResponse, _milvus_proto_backup_DeleteBackupRequest__Output, _milvus_proto_backup_DeleteBackupResponse__Output>
  GetBackup: MethodDefinition<_milvus_proto_backup_GetBackupRequest, _milvus_proto_backup_BackupInfoResponse, _milvus_proto_backup_GetBackupRequest__Output, _milvus_proto_backup_BackupInfoResponse__Output>
  GetRestore: MethodDefinition<_milvus_proto_backup_GetRestoreStateRequest, _milvus_proto_backup_RestoreBackupResponse, _milvus_proto_backup_GetRestoreStateRequest__Output, _milvus_proto_backup_RestoreBackupResponse__Output>
  ListBackups: MethodDefinition<_milvus_proto_backup_ListBackupsRequest, _milvus_proto_backup_ListBackupsResponse, _milvus_proto_backup_ListBackupsRequest__Output, _milvus_proto_backup_ListBackupsResponse__Output>
  RestoreBackup: MethodDefinition<_milvus_proto_backup_RestoreBackupRequest, _milvus_proto_backup_RestoreBackupResponse, _milvus_proto_backup_RestoreBackupRequest__Output, _milvus_proto_backup_RestoreBackupResponse__Output>
}
