// Original file: proto/milvus/backup/backup.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Not upstream at 7125dcc: the bundle ExportSnapshot wrote for one collection, as upstream's
 * newer releases record it.
 */
export interface SnapshotBackupInfo {
  /**
   * Relative to the backup directory (bundle/...), so a moved backup stays restorable.
   */
  'metadata_path'?: (string);
  /**
   * As the export job reported them; total_bytes includes index files.
   */
  'total_files'?: (number | string | Long);
  'total_bytes'?: (number | string | Long);
}

/**
 * Not upstream at 7125dcc: the bundle ExportSnapshot wrote for one collection, as upstream's
 * newer releases record it.
 */
export interface SnapshotBackupInfo__Output {
  /**
   * Relative to the backup directory (bundle/...), so a moved backup stays restorable.
   */
  'metadata_path': (string);
  /**
   * As the export job reported them; total_bytes includes index files.
   */
  'total_files': (string);
  'total_bytes': (string);
}
