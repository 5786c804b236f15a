// google.protobuf.Value <-> plain JSON, for the db_collections fields of CreateBackupRequest and
// RestoreBackupRequest ({"db": ["coll", ...]}), which the service takes as a JSON object (or as a
// JSON string holding one).

import type { Value, Value__Output } from './generated/google/protobuf/Value';

/** A JSON value, as JSON.parse returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The google.protobuf.Value of a JSON value, e.g.
 * `db_collections: toProtoValue({ default: ['docs'] })`.
 */
export function toProtoValue(json: JsonValue): Value {
  if (json === null) {
    return { nullValue: 'NULL_VALUE' };
  }
  switch (typeof json) {
    case 'boolean':
      return { boolValue: json };
    case 'number':
      return { numberValue: json };
    case 'string':
      return { stringValue: json };
  }
  if (Array.isArray(json)) {
    return { listValue: { values: json.map(toProtoValue) } };
  }
  const fields: { [key: string]: Value } = {};
  for (const [key, value] of Object.entries(json)) {
    fields[key] = toProtoValue(value);
  }
  return { structValue: { fields } };
}

/** The JSON value a decoded google.protobuf.Value holds (null for an empty one). */
export function fromProtoValue(value: Value__Output | null | undefined): JsonValue {
  if (value === null || value === undefined) {
    return null;
  }
  switch (value.kind) {
    case 'boolValue':
      return value.boolValue ?? false;
    case 'numberValue':
      return value.numberValue ?? 0;
    case 'stringValue':
      return value.stringValue ?? '';
    case 'listValue':
      return (value.listValue?.values ?? []).map(fromProtoValue);
    case 'structValue': {
      const out: { [key: string]: JsonValue } = {};
      for (const [key, field] of Object.entries(value.structValue?.fields ?? {})) {
        out[key] = fromProtoValue(field);
      }
      return out;
    }
    default:
      return null;
  }
}
