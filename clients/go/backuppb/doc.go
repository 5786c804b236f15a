// Package backuppb holds the Go types and gRPC client/server stubs of the MilvusBackupService
// (proto package milvus.proto.backup), generated from proto/milvus/backup/backup.proto of
// milvus-backup-grpc by scripts/generate_go_client.sh. That proto is wire-identical to upstream
// zilliztech/milvus-backup's core/proto/backup.proto at commit 7125dcc, so these stubs talk to
// either server.
//
// backup.pb.go and backup_grpc.pb.go are generated: do not edit them; run `make clients`.
// This file is the only hand-written one here.
//
// The descriptors registered by this package use the same proto file name and full names as
// upstream's Go package github.com/zilliztech/milvus-backup/core/proto/backuppb, so the two
// packages cannot be linked into one binary (the protobuf registry rejects the duplicates).
//
// Most programs want the helpers of package backupclient on top of these stubs.
package backuppb
