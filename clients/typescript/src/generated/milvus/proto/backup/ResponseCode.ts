// Original file: proto/milvus/backup/backup.proto

/**
 * Result code carried by every response (the values 400/404 echo HTTP on purpose).
 */
export const ResponseCode = {
  Success: 0,
  Not_Support: 1,
  No_Permission: 2,
  Fail: 3,
  Parameter_Error: 400,
  Request_Object_Not_Found: 404,
} as const;

/**
 * Result code carried by every response (the values 400/404 echo HTTP on purpose).
 */
export type ResponseCode =
  | 'Success'
  | 0
  | 'Not_Support'
  | 1
  | 'No_Permission'
  | 2
  | 'Fail'
  | 3
  | 'Parameter_Error'
  | 400
  | 'Request_Object_Not_Found'
  | 404

/**
 * Result code carried by every response (the values 400/404 echo HTTP on purpose).
 */
export type ResponseCode__Output = typeof ResponseCode[keyof typeof ResponseCode]
