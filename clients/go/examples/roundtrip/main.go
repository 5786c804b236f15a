// Command roundtrip drives a MilvusBackupService server through one backup/restore round trip
// with package backupclient: Check, CreateBackup (async) and WaitBackup, ListBackups,
// GetBackup, RestoreBackup (async, suffix "_gorestored", restoreIndex) and WaitRestore,
// DeleteBackup, then GetBackup again, which must answer Request_Object_Not_Found. It prints one
// "step <Name>: ok (...)" line per step and "all steps passed" at the end, and exits with
// status 1 at the first failure (2 for bad flags).
//
//	go run ./examples/roundtrip -addr 127.0.0.1:8080 -collection docs -backup docs_bak
//
// The restored collection <collection>_gorestored is left in Milvus for inspection; the
// restore fails if it exists already.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/backupclient"
	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/backuppb"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "host:port of the MilvusBackupService server")
	collection := flag.String("collection", "", "an existing collection (default database) to back up")
	backup := flag.String("backup", "", "name of the backup to create, restore, then delete")
	suffix := flag.String("suffix", "_gorestored", "suffix of the restored collection")
	timeout := flag.Duration("timeout", 5*time.Minute, "limit for the whole run")
	poll := flag.Duration("poll", backupclient.DefaultPollInterval, "interval between two polls of a task")
	flag.Parse()
	if *collection == "" || *backup == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "roundtrip: -collection and -backup are required (and no arguments)")
		flag.Usage()
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	err := run(ctx, *addr, *collection, *backup, *suffix, *poll)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "roundtrip: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("all steps passed")
}

type stepError struct {
	step string
	err  error
}

func (e *stepError) Error() string { return fmt.Sprintf("step %s failed: %v", e.step, e.err) }

func failed(step string, err error) error {
	fmt.Printf("step %s: FAILED: %v\n", step, err)
	return &stepError{step, err}
}

func failedf(step, format string, args ...any) error {
	return failed(step, fmt.Errorf(format, args...))
}

func ok(step, format string, args ...any) {
	fmt.Printf("step %s: ok (%s)\n", step, fmt.Sprintf(format, args...))
}

func run(ctx context.Context, addr, coll, name, suffix string, poll time.Duration) error {
	c, err := backupclient.Dial(addr)
	if err != nil {
		return failed("Dial", err)
	}
	defer c.Close()
	c.PollInterval = poll

	report, err := c.Check(ctx)
	if err != nil {
		return failed("Check", err)
	}
	ok("Check", "%d report lines", len(strings.Split(strings.TrimSpace(report), "\n")))

	accepted, err := c.CreateBackup(ctx, &backuppb.CreateBackupRequest{
		BackupName: name, CollectionNames: []string{coll}, Async: true,
	})
	if err != nil {
		return failed("CreateBackup", err)
	}
	ok("CreateBackup", "backup %s accepted as task %s, state %s", name, accepted.GetId(), accepted.GetStateCode())

	done, err := c.WaitBackup(ctx, name)
	if err != nil {
		return failed("WaitBackup", err)
	}
	ok("WaitBackup", "state %s, progress %d", done.GetStateCode(), done.GetProgress())

	list, err := c.ListBackups(ctx, &backuppb.ListBackupsRequest{})
	if err != nil {
		return failed("ListBackups", err)
	}
	listed := false
	for _, b := range list {
		listed = listed || b.GetName() == name
	}
	if !listed {
		return failedf("ListBackups", "%s not among the %d backups listed", name, len(list))
	}
	ok("ListBackups", "%s listed among %d backups", name, len(list))

	info, err := c.GetBackup(ctx, &backuppb.GetBackupRequest{BackupName: name})
	if err != nil {
		return failed("GetBackup", err)
	}
	colls := info.GetCollectionBackups()
	if info.GetStateCode() != backuppb.BackupTaskStateCode_BACKUP_SUCCESS || len(colls) != 1 ||
		colls[0].GetCollectionName() != coll {
		return failedf("GetBackup", "state %s with %d collections, want BACKUP_SUCCESS with only %s",
			info.GetStateCode(), len(colls), coll)
	}
	ok("GetBackup", "state %s, collection %s, %d bytes", info.GetStateCode(), coll, info.GetSize())

	task, err := c.RestoreBackup(ctx, &backuppb.RestoreBackupRequest{
		BackupName: name, CollectionSuffix: suffix, RestoreIndex: true, Async: true,
	})
	if err != nil {
		return failed("RestoreBackup", err)
	}
	if task.GetId() == "" {
		return failedf("RestoreBackup", "no task id in the response")
	}
	ok("RestoreBackup", "task %s accepted, state %s", task.GetId(), task.GetStateCode())

	restored, err := c.WaitRestore(ctx, task.GetId())
	if err != nil {
		return failed("WaitRestore", err)
	}
	targets := []string{}
	for _, t := range restored.GetCollectionRestoreTasks() {
		targets = append(targets, t.GetTargetCollectionName())
	}
	ok("WaitRestore", "task %s %s, progress %d, restored %v", restored.GetId(), restored.GetStateCode(),
		restored.GetProgress(), targets)

	if err := c.DeleteBackup(ctx, name); err != nil {
		return failed("DeleteBackup", err)
	}
	ok("DeleteBackup", "%s deleted", name)

	_, err = c.GetBackup(ctx, &backuppb.GetBackupRequest{BackupName: name})
	if !backupclient.IsNotFound(err) {
		return failedf("GetBackupAfterDelete", "got error %v, want Request_Object_Not_Found", err)
	}
	ok("GetBackupAfterDelete", "Request_Object_Not_Found")
	return nil
}
