// An in-process MilvusBackupService for the unit tests: a real @grpc/grpc-js server on a free
// loopback port, answering from scripts. RPCs without a handler answer UNIMPLEMENTED.

import * as grpc from '@grpc/grpc-js';

import { BackupClient, controlServiceDefinition, serviceDefinition } from '../src';
import type { MilvusBackupControlServiceHandlers, MilvusBackupServiceHandlers } from '../src';

export type Handlers = Partial<MilvusBackupServiceHandlers>;
export type ControlHandlers = Partial<MilvusBackupControlServiceHandlers>;

export interface FakeServer {
  client: BackupClient;
  port: number;
  stop(): void;
}

/**
 * Serves handlers (and those of the control service) on 127.0.0.1 and returns a client of them
 * that polls every millisecond.
 */
export async function startFake(handlers: Handlers, control: ControlHandlers = {}): Promise<FakeServer> {
  const server = new grpc.Server();
  server.addService(serviceDefinition(), handlers as grpc.UntypedServiceImplementation);
  server.addService(controlServiceDefinition(), control as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(),
      (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  const client = new BackupClient(`127.0.0.1:${port}`, { pollIntervalMs: 1 });
  return {
    client,
    port,
    stop() {
      client.close();
      server.forceShutdown();
    },
  };
}

/** A handler that answers each call with the next item of script (the last one repeats). */
export function scripted<Req, Res>(script: Res[], seen: Req[] = []): grpc.handleUnaryCall<Req, Res> {
  const queue = [...script];
  return (call, callback) => {
    seen.push(call.request);
    const next = queue.length > 1 ? queue.shift() : queue[0];
    callback(null, next);
  };
}
