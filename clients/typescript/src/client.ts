// BackupClient: a small typed client of MilvusBackupService (milvus-backup-grpc, or upstream
// milvus-backup's gRPC server) on top of the stub that @grpc/grpc-js builds from the .proto.
//
// Each method resolves to the response's payload and rejects with
//   - a ResponseError when the server answered with a code other than Success,
//   - a @grpc/grpc-js ServiceError (err.code is a grpc.status) when the call itself failed.
// waitBackup / waitRestore poll an asynchronous task until it ends. listTasks / cancelTask /
// resumeTask call milvus-backup-grpc's own MilvusBackupControlService on the same channel
// (upstream's server does not serve it).
//
//   const client = new BackupClient('127.0.0.1:8080');
//   await client.createBackup({ backup_name: 'nightly', collection_names: ['docs'], async: true });
//   const info = await client.waitBackup('nightly', { timeoutMs: 10 * 60_000 });
//   client.close();

import * as grpc from '@grpc/grpc-js';

import {
  BackupFailedError,
  ResponseError,
  RestoreFailedError,
  WaitAbortedError,
  backupStateName,
  restoreStateName,
} from './errors';
import type { BackupInfo__Output } from './generated/milvus/proto/backup/BackupInfo';
import type { BackupInfoResponse__Output } from './generated/milvus/proto/backup/BackupInfoResponse';
import { BackupTaskStateCode } from './generated/milvus/proto/backup/BackupTaskStateCode';
import type { CheckRequest } from './generated/milvus/proto/backup/CheckRequest';
import type { CheckResponse__Output } from './generated/milvus/proto/backup/CheckResponse';
import type { CreateBackupRequest } from './generated/milvus/proto/backup/CreateBackupRequest';
import type { DeleteBackupRequest } from './generated/milvus/proto/backup/DeleteBackupRequest';
import type { DeleteBackupResponse__Output } from './generated/milvus/proto/backup/DeleteBackupResponse';
import type { GetBackupRequest } from './generated/milvus/proto/backup/GetBackupRequest';
import type { GetRestoreStateRequest } from './generated/milvus/proto/backup/GetRestoreStateRequest';
import type { ListBackupsRequest } from './generated/milvus/proto/backup/ListBackupsRequest';
import type { ListBackupsResponse__Output } from './generated/milvus/proto/backup/ListBackupsResponse';
import type { MilvusBackupServiceClient } from './generated/milvus/proto/backup/MilvusBackupService';
import { ResponseCode } from './generated/milvus/proto/backup/ResponseCode';
import type { RestoreBackupRequest } from './generated/milvus/proto/backup/RestoreBackupRequest';
import type { RestoreBackupResponse__Output } from './generated/milvus/proto/backup/RestoreBackupResponse';
import type { RestoreBackupTaskResponse__Output } from './generated/milvus/proto/backup/RestoreBackupTaskResponse';
import { RestoreTaskStateCode } from './generated/milvus/proto/backup/RestoreTaskStateCode';
import type { CancelTaskRequest } from './generated/milvusbackupgrpc/control/v1/CancelTaskRequest';
import type { CancelTaskResponse__Output } from './generated/milvusbackupgrpc/control/v1/CancelTaskResponse';
import type { ListTasksRequest } from './generated/milvusbackupgrpc/control/v1/ListTasksRequest';
import type { ListTasksResponse__Output } from './generated/milvusbackupgrpc/control/v1/ListTasksResponse';
import type { MilvusBackupControlServiceClient } from './generated/milvusbackupgrpc/control/v1/MilvusBackupControlService';
import type { ResumeTaskRequest } from './generated/milvusbackupgrpc/control/v1/ResumeTaskRequest';
import type { ResumeTaskResponse__Output } from './generated/milvusbackupgrpc/control/v1/ResumeTaskResponse';
import type { TaskInfo__Output } from './generated/milvusbackupgrpc/control/v1/TaskInfo';
import { loadBackupProto, loadControlProto } from './proto';

/** pollIntervalMs of a new BackupClient. */
export const DEFAULT_POLL_INTERVAL_MS = 500;

export interface BackupClientOptions {
  /** Defaults to plaintext (grpc.credentials.createInsecure()), as the service serves by default. */
  credentials?: grpc.ChannelCredentials;
  /** gRPC channel options, e.g. { 'grpc.max_receive_message_length': 64 << 20 }. */
  channelOptions?: grpc.ChannelOptions;
  /** Pause between two polls of waitBackup / waitRestore (default 500 ms). */
  pollIntervalMs?: number;
}

/** Options of one call. */
export interface CallOptions {
  /** gRPC deadline of the call: a Date or milliseconds since the epoch. */
  deadline?: grpc.Deadline;
  /** Cancels the call (it then rejects with a CANCELLED ServiceError). */
  signal?: AbortSignal;
  metadata?: grpc.Metadata;
}

/** Options of waitBackup / waitRestore. */
export interface WaitOptions {
  /** Pause between two polls; defaults to the client's pollIntervalMs. */
  intervalMs?: number;
  /** Give up (WaitAbortedError) after this many milliseconds; by default wait for ever. */
  timeoutMs?: number;
  /** Give up (WaitAbortedError) when this signal aborts. */
  signal?: AbortSignal;
  /** Metadata sent with every poll. */
  metadata?: grpc.Metadata;
}

type Unary<Req, Res> = (argument: Req, metadata: grpc.Metadata, options: grpc.CallOptions,
                        callback: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;

interface CodedResponse {
  code: number;
  msg: string;
  requestId?: string;
}

export class BackupClient {
  /** The generated stub, for calls that need the whole response. */
  readonly stub: MilvusBackupServiceClient;
  /** The control service's stub, on the same channel as `stub`. */
  readonly control: MilvusBackupControlServiceClient;
  /** Pause between two polls of waitBackup / waitRestore, in milliseconds. */
  pollIntervalMs: number;
  private readonly ownsStub: boolean;

  /**
   * @param target "host:port" (or any gRPC target) of the server, or a stub made by the caller,
   *               who then keeps the duty to close it. The channel connects lazily: an
   *               unreachable server shows up as an UNAVAILABLE error of the first call.
   */
  constructor(target: string | MilvusBackupServiceClient, options: BackupClientOptions = {}) {
    if (typeof target === 'string') {
      const Service = loadBackupProto().milvus.proto.backup.MilvusBackupService;
      this.stub = new Service(target, options.credentials ?? grpc.credentials.createInsecure(),
        options.channelOptions);
      this.ownsStub = true;
    } else {
      this.stub = target;
      this.ownsStub = false;
    }
    const Control = loadControlProto().milvusbackupgrpc.control.v1.MilvusBackupControlService;
    // The channel is the stub's: closing it (close()) is the stub's business.
    this.control = new Control('unused', grpc.credentials.createInsecure(),
      { channelOverride: this.stub.getChannel() });
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  }

  /** Closes the channel made by the constructor; does nothing for a stub passed in. */
  close(): void {
    if (this.ownsStub) {
      this.stub.close();
    }
  }

  /** Probes Milvus and the storages; resolves to the server's report (a ResponseError's msg when a probe fails). */
  async check(options: CallOptions = {}): Promise<string> {
    const resp = await this.unary<CheckRequest, CheckResponse__Output>(this.stub.Check, {}, options);
    this.ensureSuccess('Check', resp);
    return resp.msg;
  }

  /**
   * Starts a backup. With `async: true` the result is the task as accepted (BACKUP_INITIAL or
   * BACKUP_EXECUTING); follow it with waitBackup(backup_name).
   */
  async createBackup(req: CreateBackupRequest, options: CallOptions = {}): Promise<BackupInfo__Output> {
    const resp = await this.unary<CreateBackupRequest, BackupInfoResponse__Output>(this.stub.CreateBackup, req, options);
    this.ensureSuccess('CreateBackup', resp);
    return dataOf('CreateBackup', resp.data);
  }

  /** Reads one backup by name (a string) or as the request says, or a running backup task. */
  async getBackup(req: GetBackupRequest | string, options: CallOptions = {}): Promise<BackupInfo__Output> {
    const request = typeof req === 'string' ? { backup_name: req } : req;
    const resp = await this.unary<GetBackupRequest, BackupInfoResponse__Output>(this.stub.GetBackup, request, options);
    this.ensureSuccess('GetBackup', resp);
    return dataOf('GetBackup', resp.data);
  }

  /** Lists the backups (only those holding `collection_name`, when set). */
  async listBackups(req: ListBackupsRequest = {}, options: CallOptions = {}): Promise<BackupInfo__Output[]> {
    const resp = await this.unary<ListBackupsRequest, ListBackupsResponse__Output>(this.stub.ListBackups, req, options);
    this.ensureSuccess('ListBackups', resp);
    return resp.data;
  }

  /** Removes a backup (by name, or as the request says) and all of its files. */
  async deleteBackup(req: DeleteBackupRequest | string, options: CallOptions = {}): Promise<void> {
    const request = typeof req === 'string' ? { backup_name: req } : req;
    const resp = await this.unary<DeleteBackupRequest, DeleteBackupResponse__Output>(this.stub.DeleteBackup, request, options);
    this.ensureSuccess('DeleteBackup', resp);
  }

  /**
   * Restores a backup. With `async: true` the result is the task as accepted; follow it with
   * waitRestore(task.id). A synchronous restore that fails is answered with code Fail, hence a
   * ResponseError (its `response.data` still holds the task); a task that comes back in FAIL or
   * TIMEOUT with code Success rejects with a RestoreFailedError.
   */
  async restoreBackup(req: RestoreBackupRequest, options: CallOptions = {}): Promise<RestoreBackupTaskResponse__Output> {
    const resp = await this.unary<RestoreBackupRequest, RestoreBackupResponse__Output>(this.stub.RestoreBackup, req, options);
    this.ensureSuccess('RestoreBackup', resp);
    const task = dataOf('RestoreBackup', resp.data);
    if (restoreFailed(task)) {
      throw new RestoreFailedError(task);
    }
    return task;
  }

  /** Reads the state of a restore task, by id (a string) or as the request says. */
  async getRestore(req: GetRestoreStateRequest | string, options: CallOptions = {}): Promise<RestoreBackupTaskResponse__Output> {
    const request = typeof req === 'string' ? { id: req } : req;
    const resp = await this.unary<GetRestoreStateRequest, RestoreBackupResponse__Output>(this.stub.GetRestore, request, options);
    this.ensureSuccess('GetRestore', resp);
    return dataOf('GetRestore', resp.data);
  }

  /**
   * Lists the backup and restore tasks of the server's backup root, newest first; by default
   * the running and interrupted ones of any kind (`include_finished: true` adds ended ones).
   */
  async listTasks(req: ListTasksRequest = {}, options: CallOptions = {}): Promise<TaskInfo__Output[]> {
    const resp = await this.unary<ListTasksRequest, ListTasksResponse__Output>(
      this.control.ListTasks, req, options, this.control);
    this.ensureSuccess('ListTasks', resp);
    return resp.tasks;
  }

  /**
   * Cancels a running task named by `backup_name` or `task_id` (exactly one). The server waits
   * up to 5 seconds for it to stop: the result is then TASK_STATE_CANCELLED, else still running
   * with `cancel_requested`. A refusal rejects with a ResponseError whose `response.data` holds
   * the task when it is known (it ended, or another process runs it).
   */
  async cancelTask(req: CancelTaskRequest, options: CallOptions = {}): Promise<TaskInfo__Output> {
    const resp = await this.unary<CancelTaskRequest, CancelTaskResponse__Output>(
      this.control.CancelTask, req, options, this.control);
    this.ensureSuccess('CancelTask', resp);
    return dataOf('CancelTask', resp.data);
  }

  /**
   * Resumes an interrupted task (its process stopped before it finished) named by
   * `backup_name` or `task_id` (exactly one). The server takes it over and runs it in the
   * background: the result is TASK_STATE_RUNNING (poll listTasks to see it end). A refusal
   * rejects with a ResponseError whose `response.data` holds the task when it is known (it
   * ended, or a live process runs it).
   */
  async resumeTask(req: ResumeTaskRequest, options: CallOptions = {}): Promise<TaskInfo__Output> {
    const resp = await this.unary<ResumeTaskRequest, ResumeTaskResponse__Output>(
      this.control.ResumeTask, req, options, this.control);
    this.ensureSuccess('ResumeTask', resp);
    return dataOf('ResumeTask', resp.data);
  }

  /**
   * Polls getBackup(name) until the backup ends. Resolves to the backup on BACKUP_SUCCESS;
   * rejects with a BackupFailedError on BACKUP_FAIL or BACKUP_TIMEOUT, a ResponseError when
   * getBackup is refused, and a WaitAbortedError when timeoutMs passes or the signal aborts.
   */
  async waitBackup(name: string, options: WaitOptions = {}): Promise<BackupInfo__Output> {
    return this.poll(`backup "${name}"`, options,
      (call) => this.getBackup({ backup_name: name }, call),
      (info) => {
        switch (info.state_code) {
          case BackupTaskStateCode.BACKUP_SUCCESS:
            return true;
          case BackupTaskStateCode.BACKUP_FAIL:
          case BackupTaskStateCode.BACKUP_TIMEOUT:
            throw new BackupFailedError(name, info);
          default:
            return false;
        }
      },
      (info) => info.state_code, backupStateName);
  }

  /**
   * Polls getRestore(id) until the restore task ends. Resolves to the task on SUCCESS; rejects
   * with a RestoreFailedError on FAIL or TIMEOUT, a ResponseError when getRestore is refused,
   * and a WaitAbortedError when timeoutMs passes or the signal aborts.
   */
  async waitRestore(id: string, options: WaitOptions = {}): Promise<RestoreBackupTaskResponse__Output> {
    return this.poll(`restore task ${id}`, options,
      (call) => this.getRestore({ id }, call),
      (task) => {
        if (restoreFailed(task)) {
          throw new RestoreFailedError(task);
        }
        return task.state_code === RestoreTaskStateCode.SUCCESS;
      },
      (task) => task.state_code, restoreStateName);
  }

  private async poll<T>(target: string, options: WaitOptions,
                        read: (call: CallOptions) => Promise<T>, done: (value: T) => boolean,
                        stateOf: (value: T) => number, stateName: (state: number) => string): Promise<T> {
    const interval = options.intervalMs ?? this.pollIntervalMs;
    const stop = stopSignal(options.signal, options.timeoutMs);
    let last: T | undefined;
    const aborted = (): WaitAbortedError => {
      const state = last === undefined ? undefined : stateOf(last);
      return new WaitAbortedError(target, state === undefined ? undefined : stateName(state), state,
        stop.signal.reason);
    };
    try {
      for (;;) {
        if (stop.signal.aborted) {
          throw aborted();
        }
        try {
          last = await read({ signal: stop.signal, metadata: options.metadata });
        } catch (err) {
          // The call was cancelled because we stopped waiting: say so, not "CANCELLED".
          if (stop.signal.aborted) {
            throw aborted();
          }
          throw err;
        }
        if (done(last)) {
          return last;
        }
        if (!(await sleep(interval > 0 ? interval : DEFAULT_POLL_INTERVAL_MS, stop.signal))) {
          throw aborted();
        }
      }
    } finally {
      stop.dispose();
    }
  }

  private unary<Req, Res>(method: Unary<Req, Res>, req: Req, options: CallOptions,
                          stub: grpc.Client = this.stub): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const callOptions: grpc.CallOptions = {};
      if (options.deadline !== undefined) {
        callOptions.deadline = options.deadline;
      }
      let onAbort: (() => void) | undefined;
      const call = method.call(stub, req, options.metadata ?? new grpc.Metadata(), callOptions,
        (err, value) => {
          if (onAbort !== undefined) {
            signal?.removeEventListener('abort', onAbort);
          }
          if (err !== null || value === undefined) {
            reject(err ?? new Error('empty response'));
          } else {
            resolve(value);
          }
        });
      if (signal !== undefined) {
        onAbort = () => call.cancel();
        signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  private ensureSuccess(method: string, resp: CodedResponse): void {
    if (resp.code !== ResponseCode.Success) {
      throw new ResponseError({
        method, code: resp.code, msg: resp.msg, requestId: resp.requestId ?? '', response: resp,
      });
    }
  }
}

function dataOf<T>(method: string, data: T | null): T {
  if (data === null) {
    throw new Error(`${method}: the server answered Success without data`);
  }
  return data;
}

function restoreFailed(task: RestoreBackupTaskResponse__Output): boolean {
  return task.state_code === RestoreTaskStateCode.FAIL || task.state_code === RestoreTaskStateCode.TIMEOUT;
}

/** A signal that aborts when `parent` does or after `timeoutMs`; dispose() releases both. */
function stopSignal(parent: AbortSignal | undefined, timeoutMs: number | undefined):
    { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) {
    controller.abort(parent.reason);
  } else {
    parent?.addEventListener('abort', onParentAbort, { once: true });
  }
  let timer: NodeJS.Timeout | undefined;
  if (timeoutMs !== undefined) {
    timer = setTimeout(() => controller.abort(
      new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  }
  return {
    signal: controller.signal,
    dispose: () => {
      parent?.removeEventListener('abort', onParentAbort);
      if (timer !== undefined) {
        clearTimeout(timer);
      }
    },
  };
}

/** Resolves true after ms, or false as soon as signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
