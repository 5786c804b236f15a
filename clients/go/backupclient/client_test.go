package backupclient_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/backupclient"
	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/backuppb"
)

// Environment of TestBackupRestoreCycle: the server, and an existing collection of the default
// database to back up. The test is skipped unless both are set.
const (
	envAddr       = "MILVUS_BACKUP_GRPC_ADDR"
	envCollection = "MILVUS_BACKUP_TEST_COLLECTION"
	restoreSuffix = "_gorestored"
)

// TestBackupRestoreCycle runs create (async) → WaitBackup → list → get → restore (async) →
// WaitRestore → delete → get (not found) against a real server. It leaves the restored
// collection <collection>_gorestored in Milvus (and fails if that exists beforehand): the
// caller checks and drops it, e.g. tests/integration/test_go_client.py.
func TestBackupRestoreCycle(t *testing.T) {
	addr, coll := os.Getenv(envAddr), os.Getenv(envCollection)
	if addr == "" || coll == "" {
		t.Skipf("set %s (host:port of a server) and %s (a collection to back up) to run", envAddr, envCollection)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()

	c, err := backupclient.Dial(addr)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close()
	c.PollInterval = 200 * time.Millisecond

	if report, err := c.Check(ctx); err != nil {
		t.Fatalf("Check: %v", err)
	} else {
		t.Logf("Check: %s", report)
	}

	name := fmt.Sprintf("gotest_%d", time.Now().UnixNano())
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			if err := c.DeleteBackup(context.Background(), name); err != nil && !backupclient.IsNotFound(err) {
				t.Logf("cleanup: deleting %s: %v", name, err)
			}
		}
	})

	accepted, err := c.CreateBackup(ctx, &backuppb.CreateBackupRequest{
		BackupName: name, CollectionNames: []string{coll}, Async: true,
	})
	if err != nil {
		t.Fatalf("CreateBackup: %v", err)
	}
	if accepted.GetName() != name || accepted.GetId() == "" {
		t.Fatalf("CreateBackup: accepted name %q id %q, want name %q and an id", accepted.GetName(), accepted.GetId(), name)
	}
	switch accepted.GetStateCode() {
	case backuppb.BackupTaskStateCode_BACKUP_INITIAL, backuppb.BackupTaskStateCode_BACKUP_EXECUTING,
		backuppb.BackupTaskStateCode_BACKUP_SUCCESS:
	default:
		t.Fatalf("CreateBackup: async task in state %s", accepted.GetStateCode())
	}

	done, err := c.WaitBackup(ctx, name)
	if err != nil {
		t.Fatalf("WaitBackup: %v", err)
	}
	if done.GetStateCode() != backuppb.BackupTaskStateCode_BACKUP_SUCCESS || done.GetProgress() != 100 {
		t.Errorf("WaitBackup: state %s progress %d, want BACKUP_SUCCESS 100", done.GetStateCode(), done.GetProgress())
	}

	list, err := c.ListBackups(ctx, &backuppb.ListBackupsRequest{CollectionName: coll})
	if err != nil {
		t.Fatalf("ListBackups: %v", err)
	}
	if !hasBackup(list, name) {
		t.Errorf("ListBackups(collection %s): %s not among %v", coll, name, names(list))
	}
	all, err := c.ListBackups(ctx, nil)
	if err != nil {
		t.Fatalf("ListBackups: %v", err)
	}
	if !hasBackup(all, name) {
		t.Errorf("ListBackups: %s not among %v", name, names(all))
	}

	info, err := c.GetBackup(ctx, &backuppb.GetBackupRequest{BackupName: name})
	if err != nil {
		t.Fatalf("GetBackup: %v", err)
	}
	if info.GetName() != name || info.GetStateCode() != backuppb.BackupTaskStateCode_BACKUP_SUCCESS {
		t.Errorf("GetBackup: name %q state %s, want %q BACKUP_SUCCESS", info.GetName(), info.GetStateCode(), name)
	}
	colls := info.GetCollectionBackups()
	if len(colls) != 1 || colls[0].GetCollectionName() != coll {
		t.Fatalf("GetBackup: %d collections (%v), want only %s", len(colls), colls, coll)
	}
	if len(colls[0].GetPartitionBackups()) == 0 || colls[0].GetSchema().GetName() != coll {
		t.Errorf("GetBackup: collection %s has %d partitions and schema name %q", coll,
			len(colls[0].GetPartitionBackups()), colls[0].GetSchema().GetName())
	}

	task, err := c.RestoreBackup(ctx, &backuppb.RestoreBackupRequest{
		BackupName: name, CollectionSuffix: restoreSuffix, RestoreIndex: true, Async: true,
	})
	if err != nil {
		t.Fatalf("RestoreBackup: %v", err)
	}
	if task.GetId() == "" {
		t.Fatalf("RestoreBackup: no task id in %v", task)
	}
	restored, err := c.WaitRestore(ctx, task.GetId())
	if err != nil {
		t.Fatalf("WaitRestore: %v", err)
	}
	if restored.GetId() != task.GetId() || restored.GetStateCode() != backuppb.RestoreTaskStateCode_SUCCESS ||
		restored.GetProgress() != 100 {
		t.Errorf("WaitRestore: task %s state %s progress %d, want %s SUCCESS 100",
			restored.GetId(), restored.GetStateCode(), restored.GetProgress(), task.GetId())
	}
	sub := restored.GetCollectionRestoreTasks()
	if len(sub) != 1 || sub[0].GetTargetCollectionName() != coll+restoreSuffix {
		t.Errorf("WaitRestore: collection tasks %v, want one restoring into %s", sub, coll+restoreSuffix)
	}

	if err := c.DeleteBackup(ctx, name); err != nil {
		t.Fatalf("DeleteBackup: %v", err)
	}
	deleted = true

	_, err = c.GetBackup(ctx, &backuppb.GetBackupRequest{BackupName: name})
	var re *backupclient.ResponseError
	if !errors.As(err, &re) || re.Code != backuppb.ResponseCode_Request_Object_Not_Found {
		t.Fatalf("GetBackup after delete: error %v, want a ResponseError with Request_Object_Not_Found", err)
	}
	if re.Method != "GetBackup" || re.Msg == "" {
		t.Errorf("GetBackup after delete: %#v, want method GetBackup and a message", re)
	}
	if after, err := c.ListBackups(ctx, nil); err != nil {
		t.Fatalf("ListBackups after delete: %v", err)
	} else if hasBackup(after, name) {
		t.Errorf("ListBackups after delete: %s still listed", name)
	}
}

func hasBackup(list []*backuppb.BackupInfo, name string) bool {
	for _, b := range list {
		if b.GetName() == name {
			return true
		}
	}
	return false
}

func names(list []*backuppb.BackupInfo) []string {
	out := make([]string, 0, len(list))
	for _, b := range list {
		out = append(out, b.GetName())
	}
	return out
}
