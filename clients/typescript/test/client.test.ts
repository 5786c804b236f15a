// Unit tests of BackupClient against an in-process fake server (see fake-server.ts): the
// encoding of requests and responses, codes turned into errors, and the wait helpers.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import * as grpc from '@grpc/grpc-js';

import {
  BackupClient,
  BackupFailedError,
  BackupTaskStateCode,
  ResponseCode,
  ResponseError,
  TaskKind,
  TaskState,
  RestoreFailedError,
  RestoreTaskStateCode,
  WaitAbortedError,
  codeOf,
  fromProtoValue,
  isNotFound,
  toProtoValue,
} from '../src';
import type {
  BackupInfoResponse,
  CancelTaskRequest__Output,
  CancelTaskResponse,
  ListTasksRequest__Output,
  ResumeTaskRequest__Output,
  ResumeTaskResponse,
  BackupTaskStateCode__Output,
  CreateBackupRequest__Output,
  GetBackupRequest__Output,
  GetRestoreStateRequest__Output,
  RestoreBackupRequest__Output,
  RestoreBackupResponse,
  RestoreTaskStateCode__Output,
} from '../src';
import { scripted, startFake } from './fake-server';
import type { FakeServer, Handlers } from './fake-server';

const servers: FakeServer[] = [];
after(() => servers.forEach((s) => s.stop()));

async function fake(handlers: Handlers): Promise<BackupClient> {
  const server = await startFake(handlers);
  servers.push(server);
  return server.client;
}

function backupState(name: string, state: BackupTaskStateCode__Output, msg = ''): BackupInfoResponse {
  return { requestId: 'rq', data: { id: 'task-1', name, state_code: state, errorMessage: msg } };
}

function restoreState(state: RestoreTaskStateCode__Output, msg = ''): RestoreBackupResponse {
  return { data: { id: 'r-1', state_code: state, errorMessage: msg } };
}

test('requests keep the proto field names; int64 come back as exact strings', async () => {
  const seen: CreateBackupRequest__Output[] = [];
  const client = await fake({
    CreateBackup: (call, callback) => {
      seen.push(call.request);
      callback(null, {
        requestId: call.request.requestId,
        data: {
          id: 'task-7', name: call.request.backup_name, state_code: BackupTaskStateCode.BACKUP_EXECUTING,
          start_time: '1700000000123', backup_timestamp: '449567893214789633',
          collection_backups: [{ collection_name: 'docs', size: 42 }],
        },
      });
    },
  });
  const info = await client.createBackup({
    requestId: 'req-1', backup_name: 'b1', collection_names: ['docs', 'db2.news'], async: true,
    db_collections: toProtoValue({ default: ['docs'] }), gc_pause_enable: true,
  });
  assert.equal(seen.length, 1);
  const req = seen[0]!;
  assert.equal(req.backup_name, 'b1');
  assert.deepEqual(req.collection_names, ['docs', 'db2.news']);
  assert.equal(req.async, true);
  assert.equal(req.gc_pause_enable, true);
  assert.equal(req.meta_only, false, 'defaults are filled in');
  assert.deepEqual(fromProtoValue(req.db_collections), { default: ['docs'] });

  assert.equal(info.name, 'b1');
  assert.equal(info.state_code, BackupTaskStateCode.BACKUP_EXECUTING);
  assert.equal(info.start_time, '1700000000123');
  assert.equal(info.backup_timestamp, '449567893214789633', 'a TSO above 2^53 keeps every digit');
  assert.equal(info.size, '0');
  assert.equal(info.rbac_meta, null);
  assert.equal(info.collection_backups[0]!.size, '42');
  assert.deepEqual(info.collection_backups[0]!.partition_backups, []);
});

test('non-Success codes become ResponseErrors; RPC failures stay gRPC errors', async () => {
  const client = await fake({
    Check: (_call, callback) => callback(null, { code: ResponseCode.Fail, msg: 'Milvus: FAILED' }),
    DeleteBackup: (call, callback) => callback(null, {
      requestId: 'rq', code: ResponseCode.Request_Object_Not_Found,
      msg: `backup ${call.request.backup_name} not found`,
    }),
    GetBackup: (_call, callback) => callback(null, { code: ResponseCode.Parameter_Error, msg: 'name or id required' }),
    RestoreBackup: (_call, callback) => callback({ code: grpc.status.INTERNAL, details: 'boom' }),
  });
  await assert.rejects(client.check(), (err: unknown) => {
    assert.ok(err instanceof ResponseError);
    assert.equal(err.method, 'Check');
    assert.equal(err.code, ResponseCode.Fail);
    assert.equal(err.msg, 'Milvus: FAILED');
    assert.equal(err.requestId, '');
    return true;
  });
  await assert.rejects(client.deleteBackup('nope'), (err: unknown) => {
    assert.ok(isNotFound(err));
    assert.equal((err as Error).message, 'DeleteBackup: Request_Object_Not_Found (404): backup nope not found [requestId rq]');
    return true;
  });
  await assert.rejects(client.getBackup({}), (err: unknown) => codeOf(err) === ResponseCode.Parameter_Error);
  // ListBackups has no handler: UNIMPLEMENTED, not a ResponseError.
  await assert.rejects(client.listBackups(), (err: unknown) => {
    assert.equal(codeOf(err), undefined);
    assert.equal((err as grpc.ServiceError).code, grpc.status.UNIMPLEMENTED);
    return true;
  });
  await assert.rejects(client.restoreBackup({ backup_name: 'b' }), (err: unknown) => {
    assert.ok(!(err instanceof ResponseError));
    assert.equal((err as grpc.ServiceError).code, grpc.status.INTERNAL);
    assert.equal((err as grpc.ServiceError).details, 'boom');
    return true;
  });
});

test('restoreBackup: a task that ended in FAIL is an error, also with code Success', async () => {
  const seen: RestoreBackupRequest__Output[] = [];
  const client = await fake({
    RestoreBackup: scripted<RestoreBackupRequest__Output, RestoreBackupResponse>([
      { requestId: 'x', code: ResponseCode.Fail, msg: 'import failed',
        data: { id: 'r-1', state_code: RestoreTaskStateCode.FAIL, errorMessage: 'import failed' } },
      restoreState(RestoreTaskStateCode.FAIL, 'collection exists'),
      restoreState(RestoreTaskStateCode.INITIAL),
    ], seen),
  });
  const req = { backup_name: 'b', collection_suffix: '_r', restoreIndex: true, async: true,
    collection_renames: { a: 'b' }, skipParams: { indexParams: ['mmap.enabled'] } };
  await assert.rejects(client.restoreBackup(req), (err: unknown) => {
    assert.ok(err instanceof ResponseError);
    assert.equal(err.code, ResponseCode.Fail);
    const response = err.response as RestoreBackupResponse;
    assert.equal(response.data?.state_code, RestoreTaskStateCode.FAIL);
    return true;
  });
  await assert.rejects(client.restoreBackup(req), (err: unknown) => {
    assert.ok(err instanceof RestoreFailedError);
    assert.equal(err.msg, 'collection exists');
    return true;
  });
  const task = await client.restoreBackup(req);
  assert.equal(task.id, 'r-1');
  assert.equal(task.state_code, RestoreTaskStateCode.INITIAL);
  const got = seen[0]!;
  assert.equal(got.restoreIndex, true);
  assert.equal(got.async, true);
  assert.equal(got.collection_suffix, '_r');
  assert.deepEqual(got.collection_renames, { a: 'b' });
  assert.deepEqual(got.skipParams?.indexParams, ['mmap.enabled']);
  assert.equal(got.dropExistCollection, false);
});

test('waitBackup polls GetBackup by name until BACKUP_SUCCESS', async () => {
  const seen: GetBackupRequest__Output[] = [];
  const client = await fake({
    GetBackup: scripted([
      backupState('b', BackupTaskStateCode.BACKUP_INITIAL),
      backupState('b', BackupTaskStateCode.BACKUP_EXECUTING),
      backupState('b', BackupTaskStateCode.BACKUP_EXECUTING),
      backupState('b', BackupTaskStateCode.BACKUP_SUCCESS),
    ], seen),
  });
  const info = await client.waitBackup('b');
  assert.equal(info.state_code, BackupTaskStateCode.BACKUP_SUCCESS);
  assert.equal(seen.length, 4);
  assert.ok(seen.every((r) => r.backup_name === 'b'));
});

test('waitBackup rejects with BackupFailedError on BACKUP_FAIL and BACKUP_TIMEOUT', async () => {
  for (const state of [BackupTaskStateCode.BACKUP_FAIL, BackupTaskStateCode.BACKUP_TIMEOUT]) {
    const client = await fake({
      GetBackup: scripted([
        backupState('b', BackupTaskStateCode.BACKUP_EXECUTING),
        backupState('b', state, 'collection c dropped meanwhile'),
      ]),
    });
    await assert.rejects(client.waitBackup('b'), (err: unknown) => {
      assert.ok(err instanceof BackupFailedError);
      assert.deepEqual([err.backupName, err.id, err.state, err.msg],
        ['b', 'task-1', state, 'collection c dropped meanwhile']);
      return true;
    });
  }
});

test('waitBackup passes a refusal of GetBackup on as a ResponseError', async () => {
  const client = await fake({
    GetBackup: scripted<GetBackupRequest__Output, BackupInfoResponse>([
      { requestId: 'rq-7', code: ResponseCode.Request_Object_Not_Found, msg: 'no backup named b' },
    ]),
  });
  await assert.rejects(client.waitBackup('b'), (err: unknown) => {
    assert.ok(err instanceof ResponseError);
    assert.deepEqual([err.method, err.requestId, err.code, err.msg],
      ['GetBackup', 'rq-7', ResponseCode.Request_Object_Not_Found, 'no backup named b']);
    return true;
  });
});

test('waitBackup gives up after timeoutMs, naming the last state', async () => {
  const seen: GetBackupRequest__Output[] = [];
  const client = await fake({
    GetBackup: scripted([backupState('b', BackupTaskStateCode.BACKUP_EXECUTING)], seen),
  });
  const started = Date.now();
  await assert.rejects(client.waitBackup('b', { intervalMs: 20, timeoutMs: 150 }), (err: unknown) => {
    assert.ok(err instanceof WaitAbortedError, String(err));
    assert.equal(err.lastState, BackupTaskStateCode.BACKUP_EXECUTING);
    assert.match(err.message, /^stopped waiting for backup "b" \(last state BACKUP_EXECUTING\): timed out after 150 ms$/);
    assert.equal((err.cause as DOMException).name, 'TimeoutError');
    return true;
  });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 140 && elapsed < 5000, `gave up after ${elapsed} ms`);
  assert.ok(seen.length >= 2, `${seen.length} polls`);
});

test('an abort signal stops waitBackup even in the middle of a call', async () => {
  let calls = 0;
  const client = await fake({
    // Never answers: the client must cancel the call itself.
    GetBackup: () => { calls++; },
  });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('user pressed ^C')), 50);
  await assert.rejects(client.waitBackup('b', { signal: controller.signal }), (err: unknown) => {
    assert.ok(err instanceof WaitAbortedError, String(err));
    assert.equal(err.lastState, undefined);
    assert.equal(err.message, 'stopped waiting for backup "b" (last state unknown): user pressed ^C');
    return true;
  });
  assert.equal(calls, 1);
  // An already aborted signal makes no call at all.
  await assert.rejects(client.waitRestore('r', { signal: AbortSignal.abort('no') }), WaitAbortedError);
  assert.equal(calls, 1);
});

test('waitRestore polls GetRestore by id until SUCCESS, FAIL or a refusal', async () => {
  const seen: GetRestoreStateRequest__Output[] = [];
  let client = await fake({
    GetRestore: scripted([
      restoreState(RestoreTaskStateCode.INITIAL),
      restoreState(RestoreTaskStateCode.EXECUTING),
      restoreState(RestoreTaskStateCode.SUCCESS),
    ], seen),
  });
  const task = await client.waitRestore('r-1');
  assert.equal(task.state_code, RestoreTaskStateCode.SUCCESS);
  assert.deepEqual(seen.map((r) => r.id), ['r-1', 'r-1', 'r-1']);

  client = await fake({
    GetRestore: scripted([
      restoreState(RestoreTaskStateCode.EXECUTING),
      restoreState(RestoreTaskStateCode.FAIL, 'import failed'),
    ]),
  });
  await assert.rejects(client.waitRestore('r-1'), (err: unknown) => {
    assert.ok(err instanceof RestoreFailedError);
    assert.deepEqual([err.id, err.state, err.msg], ['r-1', RestoreTaskStateCode.FAIL, 'import failed']);
    return true;
  });

  client = await fake({
    GetRestore: scripted<GetRestoreStateRequest__Output, RestoreBackupResponse>([
      { code: ResponseCode.Request_Object_Not_Found, msg: 'no restore task r-1' },
    ]),
  });
  await assert.rejects(client.waitRestore('r-1'), (err: unknown) => isNotFound(err));
});

test('a stub passed in is used as-is and left open by close()', async () => {
  const server = await startFake({
    ListBackups: (_call, callback) => callback(null, { data: [{ name: 'a' }, { name: 'b' }] }),
  });
  servers.push(server);
  const wrapped = new BackupClient(server.client.stub);
  const list = await wrapped.listBackups({ collection_name: 'docs' });
  assert.deepEqual(list.map((b) => b.name), ['a', 'b']);
  wrapped.close();
  assert.equal((await server.client.listBackups()).length, 2, 'the stub still works');
});

test('listTasks and cancelTask call the control service on the same channel', async () => {
  const listed: ListTasksRequest__Output[] = [];
  const cancels: CancelTaskRequest__Output[] = [];
  const server = await startFake({}, {
    ListTasks: (call, callback) => {
      listed.push(call.request);
      callback(null, { tasks: [{ task_id: 't-1', backup_name: 'nightly', kind: TaskKind.TASK_KIND_BACKUP,
        state: TaskState.TASK_STATE_RUNNING, bytes_done: '9007199254740993' }] });
    },
    CancelTask: scripted<CancelTaskRequest__Output, CancelTaskResponse>([
      { msg: 'cancelled', data: { task_id: 't-1', state: TaskState.TASK_STATE_CANCELLED } },
      { code: ResponseCode.Parameter_Error, msg: 'already ended (cancelled)',
        data: { task_id: 't-1', state: TaskState.TASK_STATE_CANCELLED } },
    ], cancels),
  });
  servers.push(server);
  const tasks = await server.client.listTasks({ kind: TaskKind.TASK_KIND_BACKUP, include_finished: true });
  assert.deepEqual(tasks.map((t) => [t.task_id, t.state, t.bytes_done]),
    [['t-1', TaskState.TASK_STATE_RUNNING, '9007199254740993']]);
  assert.deepEqual([listed[0].kind, listed[0].include_finished], [TaskKind.TASK_KIND_BACKUP, true]);
  const cancelled = await server.client.cancelTask({ backup_name: 'nightly' });
  assert.equal(cancelled.state, TaskState.TASK_STATE_CANCELLED);
  assert.equal(cancels[0].backup_name, 'nightly');
  await assert.rejects(server.client.cancelTask({ task_id: 't-1' }), (err: unknown) => {
    assert.ok(err instanceof ResponseError);
    assert.equal(err.code, ResponseCode.Parameter_Error);
    assert.match(err.message, /CancelTask: Parameter_Error \(400\): already ended/);
    return true;
  });
});

test('resumeTask calls the control service and rejects a refusal with the task', async () => {
  const resumes: ResumeTaskRequest__Output[] = [];
  const server = await startFake({}, {
    ResumeTask: scripted<ResumeTaskRequest__Output, ResumeTaskResponse>([
      { msg: 'resumed', data: { task_id: 't-1', backup_name: 'nightly', state: TaskState.TASK_STATE_RUNNING } },
      { code: ResponseCode.Parameter_Error, msg: 'backup nightly is complete; there is nothing to resume',
        data: { task_id: 't-1', state: TaskState.TASK_STATE_SUCCESS } },
    ], resumes),
  });
  servers.push(server);
  const resumed = await server.client.resumeTask({ backup_name: 'nightly' });
  assert.equal(resumed.state, TaskState.TASK_STATE_RUNNING);
  assert.equal(resumes[0].backup_name, 'nightly');
  await assert.rejects(server.client.resumeTask({ task_id: 't-1' }), (err: unknown) => {
    assert.ok(err instanceof ResponseError);
    assert.equal(err.code, ResponseCode.Parameter_Error);
    assert.match(err.message, /ResumeTask: Parameter_Error \(400\): backup nightly is complete/);
    return true;
  });
  assert.equal(resumes[1].task_id, 't-1');
});
