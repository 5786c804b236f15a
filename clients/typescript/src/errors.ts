// Errors of BackupClient: a response whose code is not Success, and an async task that ended
// badly or that the caller stopped waiting for. Failures of the RPC itself (server unreachable,
// deadline exceeded, UNIMPLEMENTED, ...) are @grpc/grpc-js ServiceErrors and pass through as-is.

import { BackupTaskStateCode } from './generated/milvus/proto/backup/BackupTaskStateCode';
import type { BackupTaskStateCode__Output } from './generated/milvus/proto/backup/BackupTaskStateCode';
import type { BackupInfo__Output } from './generated/milvus/proto/backup/BackupInfo';
import { ResponseCode } from './generated/milvus/proto/backup/ResponseCode';
import type { ResponseCode__Output } from './generated/milvus/proto/backup/ResponseCode';
import type { RestoreBackupTaskResponse__Output } from './generated/milvus/proto/backup/RestoreBackupTaskResponse';
import { RestoreTaskStateCode } from './generated/milvus/proto/backup/RestoreTaskStateCode';
import type { RestoreTaskStateCode__Output } from './generated/milvus/proto/backup/RestoreTaskStateCode';

function nameOf(values: Readonly<Record<string, number>>, value: number): string {
  for (const [name, v] of Object.entries(values)) {
    if (v === value) {
      return name;
    }
  }
  return String(value);
}

/** The name of a ResponseCode ("Request_Object_Not_Found"), or the number for an unknown one. */
export function responseCodeName(code: number): string {
  return nameOf(ResponseCode, code);
}

/** The name of a BackupTaskStateCode ("BACKUP_SUCCESS"), or the number for an unknown one. */
export function backupStateName(state: number): string {
  return nameOf(BackupTaskStateCode, state);
}

/** The name of a RestoreTaskStateCode ("SUCCESS"), or the number for an unknown one. */
export function restoreStateName(state: number): string {
  return nameOf(RestoreTaskStateCode, state);
}

function msgOrNone(msg: string): string {
  return msg === '' ? '(no error message)' : msg;
}

/** What ResponseError needs to know about the response that carried the code. */
export interface ResponseErrorInit<Response = unknown> {
  /** The RPC that answered, e.g. "GetBackup". */
  method: string;
  code: number;
  msg: string;
  /** The response's requestId ('' for Check, whose response has none). */
  requestId?: string;
  /** The whole decoded response, e.g. a failed synchronous restore's task in `data`. */
  response?: Response;
}

/**
 * The server answered, but with a ResponseCode other than Success: the request was refused
 * (Parameter_Error, Request_Object_Not_Found, ...) or failed (Fail). `code` and `msg` are the
 * response's fields as sent.
 *
 *   GetBackup: Request_Object_Not_Found (404): backup b not found [requestId r-1]
 */
export class ResponseError<Response = unknown> extends Error {
  override readonly name = 'ResponseError';
  readonly method: string;
  readonly code: ResponseCode__Output | number;
  readonly msg: string;
  readonly requestId: string;
  readonly response: Response | undefined;

  constructor(init: ResponseErrorInit<Response>) {
    const requestId = init.requestId ?? '';
    let text = `${init.method}: ${responseCodeName(init.code)} (${init.code})`;
    if (init.msg !== '') {
      text += `: ${init.msg}`;
    }
    if (requestId !== '') {
      text += ` [requestId ${requestId}]`;
    }
    super(text);
    this.method = init.method;
    this.code = init.code;
    this.msg = init.msg;
    this.requestId = requestId;
    this.response = init.response;
  }

  /** The name of `code`, e.g. "Parameter_Error". */
  get codeName(): string {
    return responseCodeName(this.code);
  }
}

/** The ResponseCode carried by err when it is a ResponseError, else undefined. */
export function codeOf(err: unknown): number | undefined {
  return err instanceof ResponseError ? err.code : undefined;
}

/** Whether err is a ResponseError with code Request_Object_Not_Found (404). */
export function isNotFound(err: unknown): boolean {
  return codeOf(err) === ResponseCode.Request_Object_Not_Found;
}

/** waitBackup saw the backup task end in BACKUP_FAIL or BACKUP_TIMEOUT. */
export class BackupFailedError extends Error {
  override readonly name = 'BackupFailedError';
  readonly backupName: string;
  /** The task's id. */
  readonly id: string;
  readonly state: BackupTaskStateCode__Output | number;
  /** The task's errorMessage. */
  readonly msg: string;
  /** The last state read. */
  readonly info: BackupInfo__Output;

  constructor(backupName: string, info: BackupInfo__Output) {
    super(`backup "${backupName}" (task ${info.id}) ended in ${backupStateName(info.state_code)}: ` +
      msgOrNone(info.errorMessage));
    this.backupName = backupName;
    this.id = info.id;
    this.state = info.state_code;
    this.msg = info.errorMessage;
    this.info = info;
  }
}

/** waitRestore (or a synchronous restoreBackup) saw the restore task end in FAIL or TIMEOUT. */
export class RestoreFailedError extends Error {
  override readonly name = 'RestoreFailedError';
  readonly id: string;
  readonly state: RestoreTaskStateCode__Output | number;
  /** The task's errorMessage. */
  readonly msg: string;
  /** The last state read. */
  readonly task: RestoreBackupTaskResponse__Output;

  constructor(task: RestoreBackupTaskResponse__Output) {
    super(`restore task ${task.id} ended in ${restoreStateName(task.state_code)}: ` +
      msgOrNone(task.errorMessage));
    this.id = task.id;
    this.state = task.state_code;
    this.msg = task.errorMessage;
    this.task = task;
  }
}

/**
 * waitBackup or waitRestore stopped before the task ended: its timeoutMs passed or its signal
 * was aborted. `cause` is the signal's reason; `lastState` the task's state when it stopped
 * (undefined if no poll had answered yet).
 */
export class WaitAbortedError extends Error {
  override readonly name = 'WaitAbortedError';
  /** "backup <name>" or "restore task <id>". */
  readonly target: string;
  readonly lastState: number | undefined;

  constructor(target: string, lastState: string | undefined, stateNumber: number | undefined,
              cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`stopped waiting for ${target} (last state ${lastState ?? 'unknown'}): ${reason}`,
      { cause });
    this.target = target;
    this.lastState = stateNumber;
  }
}
