// Loading of the MilvusBackupService definition at run time.
//
// @grpc/proto-loader parses proto/milvus/backup/backup.proto (a copy of the repository's
// proto/milvus/backup/backup.proto, shipped in this package) when first needed. The TypeScript
// types in src/generated/ describe the objects that this loading produces, so the loader options
// below MUST match the flags scripts/generate_ts_client.sh passes to proto-loader-gen-types:
// --keepCase --longs=String --defaults --oneofs (enums stay numbers, bytes stay Buffers).

import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

import type { ProtoGrpcType } from './generated/backup';
import type { ProtoGrpcType as ControlProtoGrpcType } from './generated/control';
import type { MilvusBackupControlServiceDefinition } from './generated/milvusbackupgrpc/control/v1/MilvusBackupControlService';
import type { MilvusBackupServiceDefinition } from './generated/milvus/proto/backup/MilvusBackupService';

/** Directory holding milvus/backup/backup.proto (this package's proto/, next to dist/). */
export const PROTO_DIR = path.resolve(__dirname, '..', '..', 'proto');
/** The service's .proto, relative to PROTO_DIR. */
export const PROTO_FILE = 'milvus/backup/backup.proto';
/** Fully qualified name of the service. */
export const SERVICE_NAME = 'milvus.proto.backup.MilvusBackupService';

/**
 * Options of the loading; they decide the shape of every decoded message:
 * - keepCase: field names as in the .proto (backup_name, requestId, restoreIndex, async), the
 *   same keys as upstream milvus-backup's JSON;
 * - longs: String: 64-bit integers are decimal strings (TSO timestamps exceed 2^53);
 * - enums are numbers (ResponseCode.Request_Object_Not_Found === 404);
 * - defaults: absent fields are filled in (0, '', false, [], and null for messages);
 * - oneofs: a oneof's virtual field names the member that is set.
 */
export const LOADER_OPTIONS: protoLoader.Options = Object.freeze({
  keepCase: true,
  longs: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
});

let cached: ProtoGrpcType | undefined;

/** The loaded package tree (milvus.proto.backup.*), parsed once per process. */
export function loadBackupProto(): ProtoGrpcType {
  if (cached === undefined) {
    const definition = protoLoader.loadSync(PROTO_FILE, LOADER_OPTIONS);
    cached = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
  }
  return cached;
}

/** The service definition, e.g. for grpc.Server#addService in a fake or test server. */
export function serviceDefinition(): MilvusBackupServiceDefinition {
  return loadBackupProto().milvus.proto.backup.MilvusBackupService.service;
}

// Our own MilvusBackupControlService (ListTasks, CancelTask) is in a .proto of its own, which
// imports backup.proto; it is loaded the same way, when first needed.

/** The control service's .proto, relative to PROTO_DIR. */
export const CONTROL_PROTO_FILE = 'milvus_backup_grpc/control/v1/control.proto';
/** Fully qualified name of the control service. */
export const CONTROL_SERVICE_NAME = 'milvusbackupgrpc.control.v1.MilvusBackupControlService';

let cachedControl: ControlProtoGrpcType | undefined;

/** The loaded package tree of the control service (milvusbackupgrpc.control.v1.*). */
export function loadControlProto(): ControlProtoGrpcType {
  if (cachedControl === undefined) {
    const definition = protoLoader.loadSync(CONTROL_PROTO_FILE, LOADER_OPTIONS);
    cachedControl = grpc.loadPackageDefinition(definition) as unknown as ControlProtoGrpcType;
  }
  return cachedControl;
}

/** The control service's definition, e.g. for grpc.Server#addService in a fake server. */
export function controlServiceDefinition(): MilvusBackupControlServiceDefinition {
  return loadControlProto().milvusbackupgrpc.control.v1.MilvusBackupControlService.service;
}
