// Unit tests without a server: error texts and matching, enum names, JSON <-> Value.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as grpc from '@grpc/grpc-js';

import {
  BackupFailedError,
  BackupTaskStateCode,
  ResponseCode,
  ResponseError,
  RestoreFailedError,
  RestoreTaskStateCode,
  WaitAbortedError,
  backupStateName,
  codeOf,
  fromProtoValue,
  isNotFound,
  loadBackupProto,
  responseCodeName,
  restoreStateName,
  toProtoValue,
} from '../src';
import type { BackupInfo__Output, JsonValue, RestoreBackupTaskResponse__Output } from '../src';

test('ResponseError formats method, code name and number, msg and requestId', () => {
  const cases: Array<[ResponseError, string]> = [
    [new ResponseError({ method: 'GetBackup', requestId: 'r-1',
      code: ResponseCode.Request_Object_Not_Found, msg: 'backup b not found' }),
    'GetBackup: Request_Object_Not_Found (404): backup b not found [requestId r-1]'],
    [new ResponseError({ method: 'Check', code: ResponseCode.Fail, msg: '' }), 'Check: Fail (3)'],
    [new ResponseError({ method: 'CreateBackup', code: 77, msg: 'odd' }), 'CreateBackup: 77 (77): odd'],
    [new ResponseError({ method: 'RestoreBackup', code: ResponseCode.Parameter_Error, msg: 'bad name',
      requestId: '' }), 'RestoreBackup: Parameter_Error (400): bad name'],
  ];
  for (const [err, want] of cases) {
    assert.equal(err.message, want);
    assert.equal(String(err), `ResponseError: ${want}`);
    assert.ok(err instanceof Error);
    assert.ok(err instanceof ResponseError);
  }
  const err = cases[0]![0];
  assert.equal(err.name, 'ResponseError');
  assert.equal(err.method, 'GetBackup');
  assert.equal(err.code, 404);
  assert.equal(err.codeName, 'Request_Object_Not_Found');
  assert.equal(err.msg, 'backup b not found');
  assert.equal(err.requestId, 'r-1');
  assert.equal(err.response, undefined);
});

test('codeOf and isNotFound only match ResponseErrors', () => {
  const notFound = new ResponseError({ method: 'GetBackup', code: ResponseCode.Request_Object_Not_Found, msg: '' });
  assert.equal(codeOf(notFound), 404);
  assert.equal(isNotFound(notFound), true);
  const param = new ResponseError({ method: 'CreateBackup', code: ResponseCode.Parameter_Error, msg: 'x' });
  assert.equal(codeOf(param), 400);
  assert.equal(isNotFound(param), false);
  // A gRPC NOT_FOUND status is not the service's Request_Object_Not_Found.
  const grpcNotFound = Object.assign(new Error('5 NOT_FOUND: x'), { code: grpc.status.NOT_FOUND });
  for (const other of [undefined, null, 'text', new Error('plain'), grpcNotFound, { code: 404 }]) {
    assert.equal(codeOf(other), undefined);
    assert.equal(isNotFound(other), false);
  }
});

test('task errors name the task, its final state and message', () => {
  const info = { id: 't-9', name: 'b1', state_code: BackupTaskStateCode.BACKUP_FAIL,
    errorMessage: 'disk full' } as BackupInfo__Output;
  const b = new BackupFailedError('b1', info);
  assert.equal(b.message, 'backup "b1" (task t-9) ended in BACKUP_FAIL: disk full');
  assert.deepEqual([b.name, b.backupName, b.id, b.state, b.msg], ['BackupFailedError', 'b1', 't-9', 3, 'disk full']);
  assert.equal(b.info, info);

  const task = { id: 't-3', state_code: RestoreTaskStateCode.TIMEOUT, errorMessage: '' } as RestoreBackupTaskResponse__Output;
  const r = new RestoreFailedError(task);
  assert.equal(r.message, 'restore task t-3 ended in TIMEOUT: (no error message)');
  assert.deepEqual([r.name, r.id, r.state, r.msg], ['RestoreFailedError', 't-3', 4, '']);

  const cause = new DOMException('timed out after 50 ms', 'TimeoutError');
  const w = new WaitAbortedError('backup "b1"', 'BACKUP_EXECUTING', 1, cause);
  assert.equal(w.message, 'stopped waiting for backup "b1" (last state BACKUP_EXECUTING): timed out after 50 ms');
  assert.equal(w.cause, cause);
  assert.equal(w.lastState, 1);
  assert.equal(new WaitAbortedError('restore task r', undefined, undefined, 'stop').message,
    'stopped waiting for restore task r (last state unknown): stop');
});

test('enum names, and numbers for unknown values', () => {
  assert.equal(responseCodeName(0), 'Success');
  assert.equal(responseCodeName(400), 'Parameter_Error');
  assert.equal(responseCodeName(12), '12');
  assert.equal(backupStateName(BackupTaskStateCode.BACKUP_SUCCESS), 'BACKUP_SUCCESS');
  assert.equal(restoreStateName(RestoreTaskStateCode.EXECUTING), 'EXECUTING');
  assert.equal(restoreStateName(9), '9');
  // The generated constants hold the proto's numbers.
  assert.deepEqual(ResponseCode, { Success: 0, Not_Support: 1, No_Permission: 2, Fail: 3,
    Parameter_Error: 400, Request_Object_Not_Found: 404 });
});

test('toProtoValue and fromProtoValue round-trip JSON through the wire encoding', () => {
  const Value = loadBackupProto().google.protobuf.Value;
  const samples: JsonValue[] = [
    { default: ['docs', 'news'], other_db: [] },
    'plain string', 12.5, true, null, [1, 'two', { three: [false] }],
  ];
  for (const json of samples) {
    const encoded = Value.serialize(toProtoValue(json));
    assert.deepEqual(fromProtoValue(Value.deserialize(encoded)), json);
  }
  assert.equal(fromProtoValue(null), null);
});
