// The backup/restore cycle against a real server: create (async) -> waitBackup -> list -> get ->
// restore (async, suffix _tsrestored, restoreIndex) -> waitRestore -> delete -> get (not found).
//
// Skipped unless MILVUS_BACKUP_GRPC_ADDR (host:port of the server) and
// MILVUS_BACKUP_TEST_COLLECTION (an existing collection of the default database) are set. It
// leaves <collection>_tsrestored in Milvus (and fails if that exists beforehand): the caller
// checks and drops it, e.g. tests/integration/test_typescript_client.py.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BackupClient, BackupTaskStateCode, ResponseCode, ResponseError, RestoreTaskStateCode, isNotFound } from '../src';
import type { BackupInfo__Output } from '../src';

const ENV_ADDR = 'MILVUS_BACKUP_GRPC_ADDR';
const ENV_COLLECTION = 'MILVUS_BACKUP_TEST_COLLECTION';
const RESTORE_SUFFIX = '_tsrestored';

const addr = process.env[ENV_ADDR] ?? '';
const collection = process.env[ENV_COLLECTION] ?? '';
const skip = addr === '' || collection === ''
  ? `set ${ENV_ADDR} (host:port of a server) and ${ENV_COLLECTION} (a collection to back up) to run`
  : false;

const names = (list: BackupInfo__Output[]): string[] => list.map((b) => b.name);

test('backup/restore cycle against a live server', { skip, timeout: 8 * 60_000 }, async (t) => {
  const client = new BackupClient(addr, { pollIntervalMs: 200 });
  const name = `tstest_${Date.now()}_${process.pid}`;
  let deleted = false;
  t.after(async () => {
    if (!deleted) {
      await client.deleteBackup(name).catch((err: unknown) => {
        if (!isNotFound(err)) {
          t.diagnostic(`cleanup: deleting ${name}: ${String(err)}`);
        }
      });
    }
    client.close();
  });
  const wait = { timeoutMs: 6 * 60_000 };

  t.diagnostic(`Check: ${(await client.check()).trim().split('\n').join(' | ')}`);

  const accepted = await client.createBackup({ backup_name: name, collection_names: [collection], async: true });
  assert.equal(accepted.name, name);
  assert.notEqual(accepted.id, '', 'the accepted task has an id');
  assert.ok(([BackupTaskStateCode.BACKUP_INITIAL, BackupTaskStateCode.BACKUP_EXECUTING,
    BackupTaskStateCode.BACKUP_SUCCESS] as number[]).includes(accepted.state_code),
  `async task in state ${accepted.state_code}`);

  const done = await client.waitBackup(name, wait);
  assert.equal(done.state_code, BackupTaskStateCode.BACKUP_SUCCESS);
  assert.equal(done.progress, 100);

  const listed = await client.listBackups({ collection_name: collection });
  assert.ok(names(listed).includes(name), `${name} not among ${names(listed).join(', ')}`);
  const all = await client.listBackups();
  assert.ok(names(all).includes(name), `${name} not among ${names(all).join(', ')}`);

  const info = await client.getBackup(name);
  assert.equal(info.name, name);
  assert.equal(info.state_code, BackupTaskStateCode.BACKUP_SUCCESS);
  assert.deepEqual(info.collection_backups.map((c) => c.collection_name), [collection]);
  const coll = info.collection_backups[0]!;
  assert.ok(coll.partition_backups.length > 0, 'partitions are listed');
  assert.equal(coll.schema?.name, collection);
  assert.match(coll.collection_id, /^[1-9][0-9]*$/, 'int64 ids are decimal strings');

  const task = await client.restoreBackup({
    backup_name: name, collection_suffix: RESTORE_SUFFIX, restoreIndex: true, async: true,
  });
  assert.notEqual(task.id, '', 'the restore task has an id');
  const restored = await client.waitRestore(task.id, wait);
  assert.equal(restored.id, task.id);
  assert.equal(restored.state_code, RestoreTaskStateCode.SUCCESS);
  assert.equal(restored.progress, 100);
  assert.deepEqual(restored.collection_restore_tasks.map((c) => c.target_collection_name),
    [collection + RESTORE_SUFFIX]);

  await client.deleteBackup(name);
  deleted = true;

  await assert.rejects(client.getBackup(name), (err: unknown) => {
    assert.ok(err instanceof ResponseError, `want a ResponseError, got ${String(err)}`);
    assert.equal(err.code, ResponseCode.Request_Object_Not_Found);
    assert.equal(err.method, 'GetBackup');
    assert.notEqual(err.msg, '');
    return true;
  });
  const after = await client.listBackups();
  assert.ok(!names(after).includes(name), `${name} still listed after delete`);
});
