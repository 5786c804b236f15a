// Original file: proto/milvus/backup/backup.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A Milvus channel position (msgstream); stored base64-encoded in channel_checkpoints.
 */
export interface MsgPosition {
  'channel_name'?: (string);
  'msgID'?: (Buffer | Uint8Array | string);
  'msgGroup'?: (string);
  'timestamp'?: (number | string | Long);
}

/**
 * A Milvus channel position (msgstream); stored base64-encoded in channel_checkpoints.
 */
export interface MsgPosition__Output {
  'channel_name': (string);
  'msgID': (Buffer);
  'msgGroup': (string);
  'timestamp': (string);
}
