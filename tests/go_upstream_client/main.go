// Command upstreamclient drives a MilvusBackupService server through one backup/restore round
// trip using only the message types that upstream milvus-backup generated into its Go package
// core/proto/backuppb. It exists to show that a Go program built on upstream's code talks to
// this project's Python server over the wire.
//
// The only upstream version the Go module proxy serves here is v0.5.16. Two things in it differ
// from the API this server implements (upstream <= v0.5.9), and the program works around both
// in the open instead of pretending they are not there:
//
//   - The service and its client stub were removed from backup.proto in upstream commit 2909b8c
//     (first tag v0.5.9), together with CheckRequest/CheckResponse. So the calls below go
//     through grpc.ClientConn.Invoke with the service's full method names, which have never
//     changed ("/milvus.proto.backup.MilvusBackupService/<Method>"). For Check, an empty
//     upstream message stands in for CheckRequest (both encode to zero bytes) and
//     RestoreCollectionOverride (int32 = 1, string = 2) decodes CheckResponse (code = 1,
//     msg = 2): the same field numbers and wire types.
//
//   - Since v0.5.10, upstream's BackupInfoResponse.data is a BackupInfoBrief and
//     ListBackupsResponse.data a list of BackupSummary, where older servers (and this one) send
//     the full BackupInfo. The top-level fields of BackupInfoBrief kept BackupInfo's numbers,
//     but CollectionBackupInfoBrief and BackupSummary renumbered theirs, so a v0.5.16 client
//     reads collection names and backup names from such a server as empty. Fields whose wire
//     type does not match are kept as unknown fields, so re-encoding the decoded message and
//     decoding it as upstream's full meta type (BackupInfo, still in backuppb) recovers them.
//     The program does that and says so in its output.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zilliztech/milvus-backup/core/proto/backuppb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/protoadapt"
)

// The service's full name in the proto package milvus.proto.backup.
const service = "/milvus.proto.backup.MilvusBackupService/"

type client struct {
	conn    *grpc.ClientConn
	timeout time.Duration // per call
}

func (c *client) call(ctx context.Context, method string, req, reply any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := c.conn.Invoke(ctx, service+method, req, reply); err != nil {
		return fmt.Errorf("%s: rpc failed: %w", method, err)
	}
	return nil
}

// reread re-encodes a decoded upstream message (unknown fields included) and decodes the bytes
// as another upstream message type. See the package comment for why this is needed.
func reread(from, to protoadapt.MessageV1) error {
	raw, err := proto.Marshal(protoadapt.MessageV2Of(from))
	if err != nil {
		return err
	}
	return proto.Unmarshal(raw, protoadapt.MessageV2Of(to))
}

type failure struct{ step, msg string }

func fail(step, format string, args ...any) {
	panic(failure{step, fmt.Sprintf(format, args...)})
}

func ok(step, format string, args ...any) {
	fmt.Printf("step %s: ok (%s)\n", step, fmt.Sprintf(format, args...))
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "host:port of the MilvusBackupService server")
	collection := flag.String("collection", "", "an existing collection (default database) to back up")
	backupName := flag.String("backup", "", "name of the backup to create, then delete")
	suffix := flag.String("suffix", "_gorestored", "suffix of the restored collection")
	timeout := flag.Duration("timeout", 5*time.Minute, "limit for the whole run")
	flag.Parse()
	if *collection == "" || *backupName == "" {
		fmt.Fprintln(os.Stderr, "upstreamclient: -collection and -backup are required")
		os.Exit(2)
	}

	defer func() {
		if r := recover(); r != nil {
			f, isFailure := r.(failure)
			if !isFailure {
				panic(r)
			}
			fmt.Printf("step %s: FAILED: %s\n", f.step, f.msg)
			fmt.Fprintf(os.Stderr, "upstreamclient: step %s failed: %s\n", f.step, f.msg)
			os.Exit(1)
		}
	}()

	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail("Dial", "%v", err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	c := &client{conn: conn, timeout: *timeout}
	run(ctx, c, *collection, *backupName, *suffix)
	fmt.Println("all steps passed")
}

func run(ctx context.Context, c *client, coll, name, suffix string) {
	// Check.
	{
		// An empty ListBackupsRequest encodes to zero bytes, exactly like CheckRequest.
		check := &backuppb.RestoreCollectionOverride{} // stands in for CheckResponse
		if err := c.call(ctx, "Check", &backuppb.ListBackupsRequest{}, check); err != nil {
			fail("Check", "%v", err)
		}
		if code := backuppb.ResponseCode(check.ShardNum); code != backuppb.ResponseCode_Success {
			fail("Check", "code %v, msg %q", code, check.Description)
		}
		ok("Check", "code Success")
	}

	// CreateBackup, synchronously.
	{
		resp := &backuppb.BackupInfoResponse{}
		req := &backuppb.CreateBackupRequest{BackupName: name, CollectionNames: []string{coll}}
		if err := c.call(ctx, "CreateBackup", req, resp); err != nil {
			fail("CreateBackup", "%v", err)
		}
		if resp.GetCode() != backuppb.ResponseCode_Success {
			fail("CreateBackup", "code %v, msg %q", resp.GetCode(), resp.GetMsg())
		}
		if got := resp.GetData().GetName(); got != name {
			fail("CreateBackup", "data.name %q, want %q", got, name)
		}
		ok("CreateBackup", "name %s, state %v", name, resp.GetData().GetStateCode())
	}

	// ListBackups: the backup must be listed.
	{
		resp := &backuppb.ListBackupsResponse{}
		if err := c.call(ctx, "ListBackups", &backuppb.ListBackupsRequest{}, resp); err != nil {
			fail("ListBackups", "%v", err)
		}
		if resp.GetCode() != backuppb.ResponseCode_Success {
			fail("ListBackups", "code %v, msg %q", resp.GetCode(), resp.GetMsg())
		}
		var found *backuppb.BackupSummary
		for _, summary := range resp.GetData() {
			full := &backuppb.BackupInfo{}
			if err := reread(summary, full); err != nil {
				fail("ListBackups", "re-reading an entry as BackupInfo: %v", err)
			}
			if full.GetName() == name {
				found = summary
			}
		}
		if found == nil {
			fail("ListBackups", "%s not among %d backups", name, len(resp.GetData()))
		}
		ok("ListBackups", "%s listed among %d backups (as BackupSummary: name %q)",
			name, len(resp.GetData()), found.GetName())
	}

	// GetBackup: finished, with exactly the one collection.
	{
		resp := &backuppb.BackupInfoResponse{}
		if err := c.call(ctx, "GetBackup", &backuppb.GetBackupRequest{BackupName: name}, resp); err != nil {
			fail("GetBackup", "%v", err)
		}
		if resp.GetCode() != backuppb.ResponseCode_Success {
			fail("GetBackup", "code %v, msg %q", resp.GetCode(), resp.GetMsg())
		}
		brief := resp.GetData()
		if brief.GetStateCode() != backuppb.BackupTaskStateCode_BACKUP_SUCCESS {
			fail("GetBackup", "state %v, want BACKUP_SUCCESS", brief.GetStateCode())
		}
		full := &backuppb.BackupInfo{}
		if err := reread(brief, full); err != nil {
			fail("GetBackup", "re-reading data as BackupInfo: %v", err)
		}
		colls := full.GetCollectionBackups()
		if len(colls) != 1 || colls[0].GetCollectionName() != coll {
			names := []string{}
			for _, cb := range colls {
				names = append(names, cb.GetCollectionName())
			}
			fail("GetBackup", "collections %q, want [%q]", names, coll)
		}
		briefName := ""
		if bc := brief.GetCollectionBackups(); len(bc) > 0 {
			briefName = bc[0].GetCollectionName()
		}
		ok("GetBackup", "state BACKUP_SUCCESS, collection %s (as BackupInfoBrief: %q)", coll, briefName)
	}

	// RestoreBackup asynchronously, then poll GetRestore.
	{
		resp := &backuppb.RestoreBackupResponse{}
		req := &backuppb.RestoreBackupRequest{
			BackupName:       name,
			CollectionSuffix: suffix,
			RestoreIndex:     true,
			Async:            true,
		}
		if err := c.call(ctx, "RestoreBackup", req, resp); err != nil {
			fail("RestoreBackup", "%v", err)
		}
		if resp.GetCode() != backuppb.ResponseCode_Success {
			fail("RestoreBackup", "code %v, msg %q", resp.GetCode(), resp.GetMsg())
		}
		id := resp.GetData().GetId()
		if id == "" {
			fail("RestoreBackup", "no task id in the response")
		}
		ok("RestoreBackup", "task %s accepted, state %v", id, resp.GetData().GetStateCode())

		for {
			state := &backuppb.RestoreBackupResponse{}
			if err := c.call(ctx, "GetRestore", &backuppb.GetRestoreStateRequest{Id: id}, state); err != nil {
				fail("GetRestore", "%v", err)
			}
			if state.GetCode() != backuppb.ResponseCode_Success {
				fail("GetRestore", "code %v, msg %q", state.GetCode(), state.GetMsg())
			}
			switch task := state.GetData(); task.GetStateCode() {
			case backuppb.RestoreTaskStateCode_SUCCESS:
				ok("GetRestore", "task %s SUCCESS, progress %d", id, task.GetProgress())
			case backuppb.RestoreTaskStateCode_FAIL, backuppb.RestoreTaskStateCode_TIMEOUT:
				fail("GetRestore", "task %s %v: %s", id, task.GetStateCode(), task.GetErrorMessage())
			default:
				select {
				case <-ctx.Done():
					fail("GetRestore", "task %s still %v when the time ran out", id, task.GetStateCode())
				case <-time.After(500 * time.Millisecond):
				}
				continue
			}
			break
		}
	}

	// DeleteBackup, then GetBackup must not find it.
	{
		resp := &backuppb.DeleteBackupResponse{}
		if err := c.call(ctx, "DeleteBackup", &backuppb.DeleteBackupRequest{BackupName: name}, resp); err != nil {
			fail("DeleteBackup", "%v", err)
		}
		if resp.GetCode() != backuppb.ResponseCode_Success {
			fail("DeleteBackup", "code %v, msg %q", resp.GetCode(), resp.GetMsg())
		}
		ok("DeleteBackup", "%s deleted", name)

		gone := &backuppb.BackupInfoResponse{}
		if err := c.call(ctx, "GetBackup", &backuppb.GetBackupRequest{BackupName: name}, gone); err != nil {
			fail("GetBackupAfterDelete", "%v", err)
		}
		if gone.GetCode() != backuppb.ResponseCode_Request_Object_Not_Found {
			fail("GetBackupAfterDelete", "code %v, want Request_Object_Not_Found", gone.GetCode())
		}
		ok("GetBackupAfterDelete", "code Request_Object_Not_Found")
	}
}
