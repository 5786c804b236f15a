// One backup/restore round trip through BackupClient: check, createBackup (async) and
// waitBackup, listBackups, getBackup, restoreBackup (async, suffix "_tsrestored", restoreIndex)
// and waitRestore, deleteBackup, then getBackup again, which must answer
// Request_Object_Not_Found. It prints one "step <Name>: ok (...)" line per step and
// "all steps passed" at the end, and exits with status 1 at the first failure (2 for bad
// arguments).
//
//   npm run build
//   node dist/examples/roundtrip.js --addr 127.0.0.1:8080 --collection docs --backup docs_bak
//
// The restored collection <collection>_tsrestored is left in Milvus for inspection; the restore
// fails if it exists already.

import { parseArgs } from 'node:util';

import { BackupClient, BackupTaskStateCode, DEFAULT_POLL_INTERVAL_MS, backupStateName, isNotFound, restoreStateName } from '../src';

const USAGE = `usage: roundtrip --collection NAME --backup NAME [--addr HOST:PORT] [--suffix S]
                 [--timeout SECONDS] [--poll MILLISECONDS]`;

class StepError extends Error {}

function ok(step: string, detail: string): void {
  console.log(`step ${step}: ok (${detail})`);
}

function failed(step: string, err: unknown): StepError {
  const text = err instanceof Error ? err.message : String(err);
  console.log(`step ${step}: FAILED: ${text}`);
  return new StepError(`step ${step} failed: ${text}`);
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw failed(name, err);
  }
}

interface Options {
  addr: string;
  collection: string;
  backup: string;
  suffix: string;
  timeoutMs: number;
  pollMs: number;
}

async function run(o: Options): Promise<void> {
  const client = new BackupClient(o.addr, { pollIntervalMs: o.pollMs });
  const signal = AbortSignal.timeout(o.timeoutMs);
  const call = { signal };
  try {
    const report = await step('Check', () => client.check(call));
    ok('Check', `${report.trim().split('\n').length} report lines`);

    const accepted = await step('CreateBackup', () => client.createBackup(
      { backup_name: o.backup, collection_names: [o.collection], async: true }, call));
    ok('CreateBackup', `backup ${o.backup} accepted as task ${accepted.id}, state ${backupStateName(accepted.state_code)}`);

    const done = await step('WaitBackup', () => client.waitBackup(o.backup, { signal }));
    ok('WaitBackup', `state ${backupStateName(done.state_code)}, progress ${done.progress}`);

    const list = await step('ListBackups', () => client.listBackups({}, call));
    if (!list.some((b) => b.name === o.backup)) {
      throw failed('ListBackups', `${o.backup} not among the ${list.length} backups listed`);
    }
    ok('ListBackups', `${o.backup} listed among ${list.length} backups`);

    const info = await step('GetBackup', () => client.getBackup({ backup_name: o.backup }, call));
    const colls = info.collection_backups;
    if (info.state_code !== BackupTaskStateCode.BACKUP_SUCCESS || colls.length !== 1 ||
        colls[0]!.collection_name !== o.collection) {
      throw failed('GetBackup', `state ${backupStateName(info.state_code)} with ${colls.length} collections, ` +
        `want BACKUP_SUCCESS with only ${o.collection}`);
    }
    ok('GetBackup', `state ${backupStateName(info.state_code)}, collection ${o.collection}, ${info.size} bytes`);

    const task = await step('RestoreBackup', () => client.restoreBackup({
      backup_name: o.backup, collection_suffix: o.suffix, restoreIndex: true, async: true,
    }, call));
    if (task.id === '') {
      throw failed('RestoreBackup', 'no task id in the response');
    }
    ok('RestoreBackup', `task ${task.id} accepted, state ${restoreStateName(task.state_code)}`);

    const restored = await step('WaitRestore', () => client.waitRestore(task.id, { signal }));
    const targets = restored.collection_restore_tasks.map((t) => t.target_collection_name);
    ok('WaitRestore', `task ${restored.id} ${restoreStateName(restored.state_code)}, progress ${restored.progress}, ` +
      `restored [${targets.join(' ')}]`);

    await step('DeleteBackup', () => client.deleteBackup(o.backup, call));
    ok('DeleteBackup', `${o.backup} deleted`);

    const gone = await client.getBackup({ backup_name: o.backup }, call).then(
      () => new Error('the backup is still there'), (err: unknown) => err);
    if (!isNotFound(gone)) {
      throw failed('GetBackupAfterDelete', `got ${String(gone)}, want Request_Object_Not_Found`);
    }
    ok('GetBackupAfterDelete', 'Request_Object_Not_Found');
  } finally {
    client.close();
  }
}

function parse(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      addr: { type: 'string', default: '127.0.0.1:8080' },
      collection: { type: 'string' },
      backup: { type: 'string' },
      suffix: { type: 'string', default: '_tsrestored' },
      timeout: { type: 'string', default: '300' },
      poll: { type: 'string', default: String(DEFAULT_POLL_INTERVAL_MS) },
    },
    allowPositionals: true,
  });
  const timeout = Number(values.timeout);
  const poll = Number(values.poll);
  if (!values.collection || !values.backup || positionals.length > 0 || !(timeout > 0) || !(poll > 0)) {
    throw new TypeError('--collection and --backup are required (and no arguments); ' +
      '--timeout and --poll are positive numbers');
  }
  return { addr: values.addr!, collection: values.collection, backup: values.backup, suffix: values.suffix!,
    timeoutMs: timeout * 1000, pollMs: poll };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parse(process.argv.slice(2));
  } catch (err) {
    console.error(`roundtrip: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  try {
    await run(options);
  } catch (err) {
    console.error(`roundtrip: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  console.log('all steps passed');
  return 0;
}

void main().then((code) => { process.exitCode = code; });
