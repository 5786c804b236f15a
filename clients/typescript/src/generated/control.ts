import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { BackupInfo as _milvus_proto_backup_BackupInfo, BackupInfo__Output as _milvus_proto_backup_BackupInfo__Output } from './milvus/proto/backup/BackupInfo';
import type { BackupInfoResponse as _milvus_proto_backup_BackupInfoResponse, BackupInfoResponse__Output as _milvus_proto_backup_BackupInfoResponse__Output } from './milvus/proto/backup/BackupInfoResponse';
import type { Binlog as _milvus_proto_backup_Binlog, Binlog__Output as _milvus_proto_backup_Binlog__Output } from './milvus/proto/backup/Binlog';
import type { ChannelPosition as _milvus_proto_backup_ChannelPosition, ChannelPosition__Output as _milvus_proto_backup_ChannelPosition__Output } from './milvus/proto/backup/ChannelPosition';
import type { CheckRequest as _milvus_proto_backup_CheckRequest, CheckRequest__Output as _milvus_proto_backup_CheckRequest__Output } from './milvus/proto/backup/CheckRequest';
import type { CheckResponse as _milvus_proto_backup_CheckResponse, CheckResponse__Output as _milvus_proto_backup_CheckResponse__Output } from './milvus/proto/backup/CheckResponse';
import type { CollectionBackupInfo as _milvus_proto_backup_CollectionBackupInfo, CollectionBackupInfo__Output as _milvus_proto_backup_CollectionBackupInfo__Output } from './milvus/proto/backup/CollectionBackupInfo';
import type { CollectionLevelBackupInfo as _milvus_proto_backup_CollectionLevelBackupInfo, CollectionLevelBackupInfo__Output as _milvus_proto_backup_CollectionLevelBackupInfo__Output } from './milvus/proto/backup/CollectionLevelBackupInfo';
import type { CollectionSchema as _milvus_proto_backup_CollectionSchema, CollectionSchema__Output as _milvus_proto_backup_CollectionSchema__Output } from './milvus/proto/backup/CollectionSchema';
import type { CreateBackupRequest as _milvus_proto_backup_CreateBackupRequest, CreateBackupRequest__Output as _milvus_proto_backup_CreateBackupRequest__Output } from './milvus/proto/backup/CreateBackupRequest';
import type { DatabaseBackupInfo as _milvus_proto_backup_DatabaseBackupInfo, DatabaseBackupInfo__Output as _milvus_proto_backup_DatabaseBackupInfo__Output } from './milvus/proto/backup/DatabaseBackupInfo';
import type { DeleteBackupRequest as _milvus_proto_backup_DeleteBackupRequest, DeleteBackupRequest__Output as _milvus_proto_backup_DeleteBackupRequest__Output } from './milvus/proto/backup/DeleteBackupRequest';
import type { DeleteBackupResponse as _milvus_proto_backup_DeleteBackupResponse, DeleteBackupResponse__Output as _milvus_proto_backup_DeleteBackupResponse__Output } from './milvus/proto/backup/DeleteBackupResponse';
import type { FieldBinlog as _milvus_proto_backup_FieldBinlog, FieldBinlog__Output as _milvus_proto_backup_FieldBinlog__Output } from './milvus/proto/backup/FieldBinlog';
import type { FieldSchema as _milvus_proto_backup_FieldSchema, FieldSchema__Output as _milvus_proto_backup_FieldSchema__Output } from './milvus/proto/backup/FieldSchema';
import type { FunctionSchema as _milvus_proto_backup_FunctionSchema, FunctionSchema__Output as _milvus_proto_backup_FunctionSchema__Output } from './milvus/proto/backup/FunctionSchema';
import type { GetBackupRequest as _milvus_proto_backup_GetBackupRequest, GetBackupRequest__Output as _milvus_proto_backup_GetBackupRequest__Output } from './milvus/proto/backup/GetBackupRequest';
import type { GetRestoreStateRequest as _milvus_proto_backup_GetRestoreStateRequest, GetRestoreStateRequest__Output as _milvus_proto_backup_GetRestoreStateRequest__Output } from './milvus/proto/backup/GetRestoreStateRequest';
import type { GrantEntity as _milvus_proto_backup_GrantEntity, GrantEntity__Output as _milvus_proto_backup_GrantEntity__Output } from './milvus/proto/backup/GrantEntity';
import type { GrantPrivilegeEntity as _milvus_proto_backup_GrantPrivilegeEntity, GrantPrivilegeEntity__Output as _milvus_proto_backup_GrantPrivilegeEntity__Output } from './milvus/proto/backup/GrantPrivilegeEntity';
import type { GrantorEntity as _milvus_proto_backup_GrantorEntity, GrantorEntity__Output as _milvus_proto_backup_GrantorEntity__Output } from './milvus/proto/backup/GrantorEntity';
import type { IndexInfo as _milvus_proto_backup_IndexInfo, IndexInfo__Output as _milvus_proto_backup_IndexInfo__Output } from './milvus/proto/backup/IndexInfo';
import type { KeyValuePair as _milvus_proto_backup_KeyValuePair, KeyValuePair__Output as _milvus_proto_backup_KeyValuePair__Output } from './milvus/proto/backup/KeyValuePair';
import type { ListBackupsRequest as _milvus_proto_backup_ListBackupsRequest, ListBackupsRequest__Output as _milvus_proto_backup_ListBackupsRequest__Output } from './milvus/proto/backup/ListBackupsRequest';
import type { ListBackupsResponse as _milvus_proto_backup_ListBackupsResponse, ListBackupsResponse__Output as _milvus_proto_backup_ListBackupsResponse__Output } from './milvus/proto/backup/ListBackupsResponse';
import type { MilvusBackupServiceClient as _milvus_proto_backup_MilvusBackupServiceClient, MilvusBackupServiceDefinition as _milvus_proto_backup_MilvusBackupServiceDefinition } from './milvus/proto/backup/MilvusBackupService';
import type { MsgPosition as _milvus_proto_backup_MsgPosition, MsgPosition__Output as _milvus_proto_backup_MsgPosition__Output } from './milvus/proto/backup/MsgPosition';
import type { ObjectEntity as _milvus_proto_backup_ObjectEntity, ObjectEntity__Output as _milvus_proto_backup_ObjectEntity__Output } from './milvus/proto/backup/ObjectEntity';
import type { PartitionBackupInfo as _milvus_proto_backup_PartitionBackupInfo, PartitionBackupInfo__Output as _milvus_proto_backup_PartitionBackupInfo__Output } from './milvus/proto/backup/PartitionBackupInfo';
import type { PartitionLevelBackupInfo as _milvus_proto_backup_PartitionLevelBackupInfo, PartitionLevelBackupInfo__Output as _milvus_proto_backup_PartitionLevelBackupInfo__Output } from './milvus/proto/backup/PartitionLevelBackupInfo';
import type { PrivilegeEntity as _milvus_proto_backup_PrivilegeEntity, PrivilegeEntity__Output as _milvus_proto_backup_PrivilegeEntity__Output } from './milvus/proto/backup/PrivilegeEntity';
import type { PrivilegeGroupInfo as _milvus_proto_backup_PrivilegeGroupInfo, PrivilegeGroupInfo__Output as _milvus_proto_backup_PrivilegeGroupInfo__Output } from './milvus/proto/backup/PrivilegeGroupInfo';
import type { RBACMeta as _milvus_proto_backup_RBACMeta, RBACMeta__Output as _milvus_proto_backup_RBACMeta__Output } from './milvus/proto/backup/RBACMeta';
import type { RPCChannelInfo as _milvus_proto_backup_RPCChannelInfo, RPCChannelInfo__Output as _milvus_proto_backup_RPCChannelInfo__Output } from './milvus/proto/backup/RPCChannelInfo';
import type { RestoreBackupRequest as _milvus_proto_backup_RestoreBackupRequest, RestoreBackupRequest__Output as _milvus_proto_backup_RestoreBackupRequest__Output } from './milvus/proto/backup/RestoreBackupRequest';
import type { RestoreBackupResponse as _milvus_proto_backup_RestoreBackupResponse, RestoreBackupResponse__Output as _milvus_proto_backup_RestoreBackupResponse__Output } from './milvus/proto/backup/RestoreBackupResponse';
import type { RestoreBackupTaskResponse as _milvus_proto_backup_RestoreBackupTaskResponse, RestoreBackupTaskResponse__Output as _milvus_proto_backup_RestoreBackupTaskResponse__Output } from './milvus/proto/backup/RestoreBackupTaskResponse';
import type { RestoreCollectionMapping as _milvus_proto_backup_RestoreCollectionMapping, RestoreCollectionMapping__Output as _milvus_proto_backup_RestoreCollectionMapping__Output } from './milvus/proto/backup/RestoreCollectionMapping';
import type { RestoreCollectionOverride as _milvus_proto_backup_RestoreCollectionOverride, RestoreCollectionOverride__Output as _milvus_proto_backup_RestoreCollectionOverride__Output } from './milvus/proto/backup/RestoreCollectionOverride';
import type { RestoreCollectionTaskResponse as _milvus_proto_backup_RestoreCollectionTaskResponse, RestoreCollectionTaskResponse__Output as _milvus_proto_backup_RestoreCollectionTaskResponse__Output } from './milvus/proto/backup/RestoreCollectionTaskResponse';
import type { RestoreFilter as _milvus_proto_backup_RestoreFilter, RestoreFilter__Output as _milvus_proto_backup_RestoreFilter__Output } from './milvus/proto/backup/RestoreFilter';
import type { RestoreMapping as _milvus_proto_backup_RestoreMapping, RestoreMapping__Output as _milvus_proto_backup_RestoreMapping__Output } from './milvus/proto/backup/RestoreMapping';
import type { RestorePlan as _milvus_proto_backup_RestorePlan, RestorePlan__Output as _milvus_proto_backup_RestorePlan__Output } from './milvus/proto/backup/RestorePlan';
import type { RoleEntity as _milvus_proto_backup_RoleEntity, RoleEntity__Output as _milvus_proto_backup_RoleEntity__Output } from './milvus/proto/backup/RoleEntity';
import type { SegmentBackupInfo as _milvus_proto_backup_SegmentBackupInfo, SegmentBackupInfo__Output as _milvus_proto_backup_SegmentBackupInfo__Output } from './milvus/proto/backup/SegmentBackupInfo';
import type { SegmentLevelBackupInfo as _milvus_proto_backup_SegmentLevelBackupInfo, SegmentLevelBackupInfo__Output as _milvus_proto_backup_SegmentLevelBackupInfo__Output } from './milvus/proto/backup/SegmentLevelBackupInfo';
import type { SkipParams as _milvus_proto_backup_SkipParams, SkipParams__Output as _milvus_proto_backup_SkipParams__Output } from './milvus/proto/backup/SkipParams';
import type { SnapshotBackupInfo as _milvus_proto_backup_SnapshotBackupInfo, SnapshotBackupInfo__Output as _milvus_proto_backup_SnapshotBackupInfo__Output } from './milvus/proto/backup/SnapshotBackupInfo';
import type { StructArrayFieldSchema as _milvus_proto_backup_StructArrayFieldSchema, StructArrayFieldSchema__Output as _milvus_proto_backup_StructArrayFieldSchema__Output } from './milvus/proto/backup/StructArrayFieldSchema';
import type { UserEntity as _milvus_proto_backup_UserEntity, UserEntity__Output as _milvus_proto_backup_UserEntity__Output } from './milvus/proto/backup/UserEntity';
import type { UserInfo as _milvus_proto_backup_UserInfo, UserInfo__Output as _milvus_proto_backup_UserInfo__Output } from './milvus/proto/backup/UserInfo';
import type { ValueField as _milvus_proto_backup_ValueField, ValueField__Output as _milvus_proto_backup_ValueField__Output } from './milvus/proto/backup/ValueField';
import type { CancelTaskRequest as _milvusbackupgrpc_control_v1_CancelTaskRequest, CancelTaskRequest__Output as _milvusbackupgrpc_control_v1_CancelTaskRequest__Output } from './milvusbackupgrpc/control/v1/CancelTaskRequest';
import type { CancelTaskResponse as _milvusbackupgrpc_control_v1_CancelTaskResponse, CancelTaskResponse__Output as _milvusbackupgrpc_control_v1_CancelTaskResponse__Output } from './milvusbackupgrpc/control/v1/CancelTaskResponse';
import type { CreatePolicyRequest as _milvusbackupgrpc_control_v1_CreatePolicyRequest, CreatePolicyRequest__Output as _milvusbackupgrpc_control_v1_CreatePolicyRequest__Output } from './milvusbackupgrpc/control/v1/CreatePolicyRequest';
import type { DeletePolicyRequest as _milvusbackupgrpc_control_v1_DeletePolicyRequest, DeletePolicyRequest__Output as _milvusbackupgrpc_control_v1_DeletePolicyRequest__Output } from './milvusbackupgrpc/control/v1/DeletePolicyRequest';
import type { DeletePolicyResponse as _milvusbackupgrpc_control_v1_DeletePolicyResponse, DeletePolicyResponse__Output as _milvusbackupgrpc_control_v1_DeletePolicyResponse__Output } from './milvusbackupgrpc/control/v1/DeletePolicyResponse';
import type { GetPolicyRequest as _milvusbackupgrpc_control_v1_GetPolicyRequest, GetPolicyRequest__Output as _milvusbackupgrpc_control_v1_GetPolicyRequest__Output } from './milvusbackupgrpc/control/v1/GetPolicyRequest';
import type { ListPoliciesRequest as _milvusbackupgrpc_control_v1_ListPoliciesRequest, ListPoliciesRequest__Output as _milvusbackupgrpc_control_v1_ListPoliciesRequest__Output } from './milvusbackupgrpc/control/v1/ListPoliciesRequest';
import type { ListPoliciesResponse as _milvusbackupgrpc_control_v1_ListPoliciesResponse, ListPoliciesResponse__Output as _milvusbackupgrpc_control_v1_ListPoliciesResponse__Output } from './milvusbackupgrpc/control/v1/ListPoliciesResponse';
import type { ListPolicyRunsRequest as _milvusbackupgrpc_control_v1_ListPolicyRunsRequest, ListPolicyRunsRequest__Output as _milvusbackupgrpc_control_v1_ListPolicyRunsRequest__Output } from './milvusbackupgrpc/control/v1/ListPolicyRunsRequest';
import type { ListPolicyRunsResponse as _milvusbackupgrpc_control_v1_ListPolicyRunsResponse, ListPolicyRunsResponse__Output as _milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output } from './milvusbackupgrpc/control/v1/ListPolicyRunsResponse';
import type { ListTasksRequest as _milvusbackupgrpc_control_v1_ListTasksRequest, ListTasksRequest__Output as _milvusbackupgrpc_control_v1_ListTasksRequest__Output } from './milvusbackupgrpc/control/v1/ListTasksRequest';
import type { ListTasksResponse as _milvusbackupgrpc_control_v1_ListTasksResponse, ListTasksResponse__Output as _milvusbackupgrpc_control_v1_ListTasksResponse__Output } from './milvusbackupgrpc/control/v1/ListTasksResponse';
import type { MilvusBackupControlServiceClient as _milvusbackupgrpc_control_v1_MilvusBackupControlServiceClient, MilvusBackupControlServiceDefinition as _milvusbackupgrpc_control_v1_MilvusBackupControlServiceDefinition } from './milvusbackupgrpc/control/v1/MilvusBackupControlService';
import type { MilvusBackupPolicyServiceClient as _milvusbackupgrpc_control_v1_MilvusBackupPolicyServiceClient, MilvusBackupPolicyServiceDefinition as _milvusbackupgrpc_control_v1_MilvusBackupPolicyServiceDefinition } from './milvusbackupgrpc/control/v1/MilvusBackupPolicyService';
import type { Policy as _milvusbackupgrpc_control_v1_Policy, Policy__Output as _milvusbackupgrpc_control_v1_Policy__Output } from './milvusbackupgrpc/control/v1/Policy';
import type { PolicyResponse as _milvusbackupgrpc_control_v1_PolicyResponse, PolicyResponse__Output as _milvusbackupgrpc_control_v1_PolicyResponse__Output } from './milvusbackupgrpc/control/v1/PolicyResponse';
import type { PolicyRun as _milvusbackupgrpc_control_v1_PolicyRun, PolicyRun__Output as _milvusbackupgrpc_control_v1_PolicyRun__Output } from './milvusbackupgrpc/control/v1/PolicyRun';
import type { PolicyStatus as _milvusbackupgrpc_control_v1_PolicyStatus, PolicyStatus__Output as _milvusbackupgrpc_control_v1_PolicyStatus__Output } from './milvusbackupgrpc/control/v1/PolicyStatus';
import type { ResumeTaskRequest as _milvusbackupgrpc_control_v1_ResumeTaskRequest, ResumeTaskRequest__Output as _milvusbackupgrpc_control_v1_ResumeTaskRequest__Output } from './milvusbackupgrpc/control/v1/ResumeTaskRequest';
import type { ResumeTaskResponse as _milvusbackupgrpc_control_v1_ResumeTaskResponse, ResumeTaskResponse__Output as _milvusbackupgrpc_control_v1_ResumeTaskResponse__Output } from './milvusbackupgrpc/control/v1/ResumeTaskResponse';
import type { RunPolicyNowRequest as _milvusbackupgrpc_control_v1_RunPolicyNowRequest, RunPolicyNowRequest__Output as _milvusbackupgrpc_control_v1_RunPolicyNowRequest__Output } from './milvusbackupgrpc/control/v1/RunPolicyNowRequest';
import type { RunPolicyNowResponse as _milvusbackupgrpc_control_v1_RunPolicyNowResponse, RunPolicyNowResponse__Output as _milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output } from './milvusbackupgrpc/control/v1/RunPolicyNowResponse';
import type { TaskInfo as _milvusbackupgrpc_control_v1_TaskInfo, TaskInfo__Output as _milvusbackupgrpc_control_v1_TaskInfo__Output } from './milvusbackupgrpc/control/v1/TaskInfo';
import type { TaskOwner as _milvusbackupgrpc_control_v1_TaskOwner, TaskOwner__Output as _milvusbackupgrpc_control_v1_TaskOwner__Output } from './milvusbackupgrpc/control/v1/TaskOwner';
import type { UpdatePolicyRequest as _milvusbackupgrpc_control_v1_UpdatePolicyRequest, UpdatePolicyRequest__Output as _milvusbackupgrpc_control_v1_UpdatePolicyRequest__Output } from './milvusbackupgrpc/control/v1/UpdatePolicyRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  milvus: {
    proto: {
      backup: {
        BackupInfo: MessageTypeDefinition<_milvus_proto_backup_BackupInfo, _milvus_proto_backup_BackupInfo__Output>
        BackupInfoResponse: MessageTypeDefinition<_milvus_proto_backup_BackupInfoResponse, _milvus_proto_backup_BackupInfoResponse__Output>
        BackupTaskStateCode: EnumTypeDefinition
        Binlog: MessageTypeDefinition<_milvus_proto_backup_Binlog, _milvus_proto_backup_Binlog__Output>
        ChannelPosition: MessageTypeDefinition<_milvus_proto_backup_ChannelPosition, _milvus_proto_backup_ChannelPosition__Output>
        CheckRequest: MessageTypeDefinition<_milvus_proto_backup_CheckRequest, _milvus_proto_backup_CheckRequest__Output>
        CheckResponse: MessageTypeDefinition<_milvus_proto_backup_CheckResponse, _milvus_proto_backup_CheckResponse__Output>
        CollectionBackupInfo: MessageTypeDefinition<_milvus_proto_backup_CollectionBackupInfo, _milvus_proto_backup_CollectionBackupInfo__Output>
        CollectionLevelBackupInfo: MessageTypeDefinition<_milvus_proto_backup_CollectionLevelBackupInfo, _milvus_proto_backup_CollectionLevelBackupInfo__Output>
        CollectionSchema: MessageTypeDefinition<_milvus_proto_backup_CollectionSchema, _milvus_proto_backup_CollectionSchema__Output>
        ConsistencyLevel: EnumTypeDefinition
        CreateBackupRequest: MessageTypeDefinition<_milvus_proto_backup_CreateBackupRequest, _milvus_proto_backup_CreateBackupRequest__Output>
        DataType: EnumTypeDefinition
        DatabaseBackupInfo: MessageTypeDefinition<_milvus_proto_backup_DatabaseBackupInfo, _milvus_proto_backup_DatabaseBackupInfo__Output>
        DeleteBackupRequest: MessageTypeDefinition<_milvus_proto_backup_DeleteBackupRequest, _milvus_proto_backup_DeleteBackupRequest__Output>
        DeleteBackupResponse: MessageTypeDefinition<_milvus_proto_backup_DeleteBackupResponse, _milvus_proto_backup_DeleteBackupResponse__Output>
        FieldBinlog: MessageTypeDefinition<_milvus_proto_backup_FieldBinlog, _milvus_proto_backup_FieldBinlog__Output>
        FieldSchema: MessageTypeDefinition<_milvus_proto_backup_FieldSchema, _milvus_proto_backup_FieldSchema__Output>
        FieldState: EnumTypeDefinition
        FunctionSchema: MessageTypeDefinition<_milvus_proto_backup_FunctionSchema, _milvus_proto_backup_FunctionSchema__Output>
        FunctionType: EnumTypeDefinition
        GetBackupRequest: MessageTypeDefinition<_milvus_proto_backup_GetBackupRequest, _milvus_proto_backup_GetBackupRequest__Output>
        GetRestoreStateRequest: MessageTypeDefinition<_milvus_proto_backup_GetRestoreStateRequest, _milvus_proto_backup_GetRestoreStateRequest__Output>
        GrantEntity: MessageTypeDefinition<_milvus_proto_backup_GrantEntity, _milvus_proto_backup_GrantEntity__Output>
        GrantPrivilegeEntity: MessageTypeDefinition<_milvus_proto_backup_GrantPrivilegeEntity, _milvus_proto_backup_GrantPrivilegeEntity__Output>
        GrantorEntity: MessageTypeDefinition<_milvus_proto_backup_GrantorEntity, _milvus_proto_backup_GrantorEntity__Output>
        IndexInfo: MessageTypeDefinition<_milvus_proto_backup_IndexInfo, _milvus_proto_backup_IndexInfo__Output>
        KeyValuePair: MessageTypeDefinition<_milvus_proto_backup_KeyValuePair, _milvus_proto_backup_KeyValuePair__Output>
        ListBackupsRequest: MessageTypeDefinition<_milvus_proto_backup_ListBackupsRequest, _milvus_proto_backup_ListBackupsRequest__Output>
        ListBackupsResponse: MessageTypeDefinition<_milvus_proto_backup_ListBackupsResponse, _milvus_proto_backup_ListBackupsResponse__Output>
        MilvusBackupService: SubtypeConstructor<typeof grpc.Client, _milvus_proto_backup_MilvusBackupServiceClient> & { service: _milvus_proto_backup_MilvusBackupServiceDefinition }
        MsgPosition: MessageTypeDefinition<_milvus_proto_backup_MsgPosition, _milvus_proto_backup_MsgPosition__Output>
        ObjectEntity: MessageTypeDefinition<_milvus_proto_backup_ObjectEntity, _milvus_proto_backup_ObjectEntity__Output>
        PartitionBackupInfo: MessageTypeDefinition<_milvus_proto_backup_PartitionBackupInfo, _milvus_proto_backup_PartitionBackupInfo__Output>
        PartitionLevelBackupInfo: MessageTypeDefinition<_milvus_proto_backup_PartitionLevelBackupInfo, _milvus_proto_backup_PartitionLevelBackupInfo__Output>
        PrivilegeEntity: MessageTypeDefinition<_milvus_proto_backup_PrivilegeEntity, _milvus_proto_backup_PrivilegeEntity__Output>
        PrivilegeGroupInfo: MessageTypeDefinition<_milvus_proto_backup_PrivilegeGroupInfo, _milvus_proto_backup_PrivilegeGroupInfo__Output>
        RBACMeta: MessageTypeDefinition<_milvus_proto_backup_RBACMeta, _milvus_proto_backup_RBACMeta__Output>
        RPCChannelInfo: MessageTypeDefinition<_milvus_proto_backup_RPCChannelInfo, _milvus_proto_backup_RPCChannelInfo__Output>
        ResponseCode: EnumTypeDefinition
        RestoreBackupRequest: MessageTypeDefinition<_milvus_proto_backup_RestoreBackupRequest, _milvus_proto_backup_RestoreBackupRequest__Output>
        RestoreBackupResponse: MessageTypeDefinition<_milvus_proto_backup_RestoreBackupResponse, _milvus_proto_backup_RestoreBackupResponse__Output>
        RestoreBackupTaskResponse: MessageTypeDefinition<_milvus_proto_backup_RestoreBackupTaskResponse, _milvus_proto_backup_RestoreBackupTaskResponse__Output>
        RestoreCollectionMapping: MessageTypeDefinition<_milvus_proto_backup_RestoreCollectionMapping, _milvus_proto_backup_RestoreCollectionMapping__Output>
        RestoreCollectionOverride: MessageTypeDefinition<_milvus_proto_backup_RestoreCollectionOverride, _milvus_proto_backup_RestoreCollectionOverride__Output>
        RestoreCollectionTaskResponse: MessageTypeDefinition<_milvus_proto_backup_RestoreCollectionTaskResponse, _milvus_proto_backup_RestoreCollectionTaskResponse__Output>
        RestoreFilter: MessageTypeDefinition<_milvus_proto_backup_RestoreFilter, _milvus_proto_backup_RestoreFilter__Output>
        RestoreMapping: MessageTypeDefinition<_milvus_proto_backup_RestoreMapping, _milvus_proto_backup_RestoreMapping__Output>
        RestorePlan: MessageTypeDefinition<_milvus_proto_backup_RestorePlan, _milvus_proto_backup_RestorePlan__Output>
        RestoreTaskStateCode: EnumTypeDefinition
        RoleEntity: MessageTypeDefinition<_milvus_proto_backup_RoleEntity, _milvus_proto_backup_RoleEntity__Output>
        SegmentBackupInfo: MessageTypeDefinition<_milvus_proto_backup_SegmentBackupInfo, _milvus_proto_backup_SegmentBackupInfo__Output>
        SegmentLevelBackupInfo: MessageTypeDefinition<_milvus_proto_backup_SegmentLevelBackupInfo, _milvus_proto_backup_SegmentLevelBackupInfo__Output>
        SkipParams: MessageTypeDefinition<_milvus_proto_backup_SkipParams, _milvus_proto_backup_SkipParams__Output>
        SnapshotBackupInfo: MessageTypeDefinition<_milvus_proto_backup_SnapshotBackupInfo, _milvus_proto_backup_SnapshotBackupInfo__Output>
        StructArrayFieldSchema: MessageTypeDefinition<_milvus_proto_backup_StructArrayFieldSchema, _milvus_proto_backup_StructArrayFieldSchema__Output>
        UserEntity: MessageTypeDefinition<_milvus_proto_backup_UserEntity, _milvus_proto_backup_UserEntity__Output>
        UserInfo: MessageTypeDefinition<_milvus_proto_backup_UserInfo, _milvus_proto_backup_UserInfo__Output>
        ValueField: MessageTypeDefinition<_milvus_proto_backup_ValueField, _milvus_proto_backup_ValueField__Output>
      }
    }
  }
  milvusbackupgrpc: {
    control: {
      v1: {
        CancelTaskRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_CancelTaskRequest, _milvusbackupgrpc_control_v1_CancelTaskRequest__Output>
        CancelTaskResponse: MessageTypeDefinition<_milvusbackupgrpc_control_v1_CancelTaskResponse, _milvusbackupgrpc_control_v1_CancelTaskResponse__Output>
        CreatePolicyRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_CreatePolicyRequest, _milvusbackupgrpc_control_v1_CreatePolicyRequest__Output>
        DeletePolicyRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_DeletePolicyRequest, _milvusbackupgrpc_control_v1_DeletePolicyRequest__Output>
        DeletePolicyResponse: MessageTypeDefinition<_milvusbackupgrpc_control_v1_DeletePolicyResponse, _milvusbackupgrpc_control_v1_DeletePolicyResponse__Output>
        GetPolicyRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_GetPolicyRequest, _milvusbackupgrpc_control_v1_GetPolicyRequest__Output>
        ListPoliciesRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_ListPoliciesRequest, _milvusbackupgrpc_control_v1_ListPoliciesRequest__Output>
        ListPoliciesResponse: MessageTypeDefinition<_milvusbackupgrpc_control_v1_ListPoliciesResponse, _milvusbackupgrpc_control_v1_ListPoliciesResponse__Output>
        ListPolicyRunsRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_ListPolicyRunsRequest, _milvusbackupgrpc_control_v1_ListPolicyRunsRequest__Output>
        ListPolicyRunsResponse: MessageTypeDefinition<_milvusbackupgrpc_control_v1_ListPolicyRunsResponse, _milvusbackupgrpc_control_v1_ListPolicyRunsResponse__Output>
        ListTasksRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_ListTasksRequest, _milvusbackupgrpc_control_v1_ListTasksRequest__Output>
        ListTasksResponse: MessageTypeDefinition<_milvusbackupgrpc_control_v1_ListTasksResponse, _milvusbackupgrpc_control_v1_ListTasksResponse__Output>
        MilvusBackupControlService: SubtypeConstructor<typeof grpc.Client, _milvusbackupgrpc_control_v1_MilvusBackupControlServiceClient> & { service: _milvusbackupgrpc_control_v1_MilvusBackupControlServiceDefinition }
        /**
         * Backup policies: scheduled backups with retention, stored in the backup root
         * (ROOT/.policies/NAME.json) so every replica sharing it sees them. Answers follow the same
         * style as above: Parameter_Error for bad input (a bad cron expression or time zone, an
         * unknown collection, a negative count, a taken name), Request_Object_Not_Found for an
         * unknown policy; a refused request changes nothing.
         */
        MilvusBackupPolicyService: SubtypeConstructor<typeof grpc.Client, _milvusbackupgrpc_control_v1_MilvusBackupPolicyServiceClient> & { service: _milvusbackupgrpc_control_v1_MilvusBackupPolicyServiceDefinition }
        Policy: MessageTypeDefinition<_milvusbackupgrpc_control_v1_Policy, _milvusbackupgrpc_control_v1_Policy__Output>
        PolicyResponse: MessageTypeDefinition<_milvusbackupgrpc_control_v1_PolicyResponse, _milvusbackupgrpc_control_v1_PolicyResponse__Output>
        PolicyRun: MessageTypeDefinition<_milvusbackupgrpc_control_v1_PolicyRun, _milvusbackupgrpc_control_v1_PolicyRun__Output>
        PolicyStatus: MessageTypeDefinition<_milvusbackupgrpc_control_v1_PolicyStatus, _milvusbackupgrpc_control_v1_PolicyStatus__Output>
        ResumeTaskRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_ResumeTaskRequest, _milvusbackupgrpc_control_v1_ResumeTaskRequest__Output>
        ResumeTaskResponse: MessageTypeDefinition<_milvusbackupgrpc_control_v1_ResumeTaskResponse, _milvusbackupgrpc_control_v1_ResumeTaskResponse__Output>
        RunPolicyNowRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_RunPolicyNowRequest, _milvusbackupgrpc_control_v1_RunPolicyNowRequest__Output>
        RunPolicyNowResponse: MessageTypeDefinition<_milvusbackupgrpc_control_v1_RunPolicyNowResponse, _milvusbackupgrpc_control_v1_RunPolicyNowResponse__Output>
        TaskInfo: MessageTypeDefinition<_milvusbackupgrpc_control_v1_TaskInfo, _milvusbackupgrpc_control_v1_TaskInfo__Output>
        TaskKind: EnumTypeDefinition
        TaskOwner: MessageTypeDefinition<_milvusbackupgrpc_control_v1_TaskOwner, _milvusbackupgrpc_control_v1_TaskOwner__Output>
        TaskState: EnumTypeDefinition
        UpdatePolicyRequest: MessageTypeDefinition<_milvusbackupgrpc_control_v1_UpdatePolicyRequest, _milvusbackupgrpc_control_v1_UpdatePolicyRequest__Output>
      }
    }
  }
}

