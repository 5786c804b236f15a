// Original file: proto/milvus/backup/backup.proto


export interface CheckRequest {
}

export interface CheckRequest__Output {
}
