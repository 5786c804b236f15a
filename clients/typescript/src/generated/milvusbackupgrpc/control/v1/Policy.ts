// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { Long } from '@grpc/proto-loader';

export interface Policy {
  /**
   * Letters, digits and underscores, not starting with a digit.
   */
  'name'?: (string);
  /**
   * "coll" (default database), "db.coll" or "db.*"; empty: every collection.
   */
  'collections'?: (string)[];
  /**
   * A cron expression ("0 2 * * *"; a 6th field is seconds) or "@every <duration>"
   * ("@every 15m", "@every 1h30m").
   */
  'schedule'?: (string);
  /**
   * IANA name the cron expression and the name template are read in; default UTC.
   */
  'time_zone'?: (string);
  /**
   * "full" (default) or "incremental".
   */
  'kind'?: (string);
  /**
   * Backup names: "{policy}" and strftime patterns in braces; default
   * "{policy}_{%Y%m%d_%H%M%S}".
   */
  'name_template'?: (string);
  /**
   * Retention (restic's and SLM's rules); 0 leaves a rule out, no rule keeps everything.
   */
  'keep_last'?: (number);
  'keep_hourly'?: (number);
  'keep_daily'?: (number);
  'keep_weekly'?: (number);
  'keep_monthly'?: (number);
  /**
   * A duration ("7d", "36h"): keep every backup this much younger than the newest one.
   */
  'keep_within'?: (string);
  'min_count'?: (number);
  /**
   * Unix times in milliseconds; set by the server.
   */
  'created_ms'?: (number | string | Long);
  'updated_ms'?: (number | string | Long);
}

export interface Policy__Output {
  /**
   * Letters, digits and underscores, not starting with a digit.
   */
  'name': (string);
  /**
   * "coll" (default database), "db.coll" or "db.*"; empty: every collection.
   */
  'collections': (string)[];
  /**
   * A cron expression ("0 2 * * *"; a 6th field is seconds) or "@every <duration>"
   * ("@every 15m", "@every 1h30m").
   */
  'schedule': (string);
  /**
   * IANA name the cron expression and the name template are read in; default UTC.
   */
  'time_zone': (string);
  /**
   * "full" (default) or "incremental".
   */
  'kind': (string);
  /**
   * Backup names: "{policy}" and strftime patterns in braces; default
   * "{policy}_{%Y%m%d_%H%M%S}".
   */
  'name_template': (string);
  /**
   * Retention (restic's and SLM's rules); 0 leaves a rule out, no rule keeps everything.
   */
  'keep_last': (number);
  'keep_hourly': (number);
  'keep_daily': (number);
  'keep_weekly': (number);
  'keep_monthly': (number);
  /**
   * A duration ("7d", "36h"): keep every backup this much younger than the newest one.
   */
  'keep_within': (string);
  'min_count': (number);
  /**
   * Unix times in milliseconds; set by the server.
   */
  'created_ms': (string);
  'updated_ms': (string);
}
