// Package backupclient is a small Go client of the MilvusBackupService (milvus-backup-grpc, or
// upstream milvus-backup's gRPC server), on top of the generated stubs in package backuppb.
//
// Each call returns the response's payload, or an error: a gRPC error when the call did not go
// through, or a *ResponseError when the server answered with a code other than Success.
// ListTasks, CancelTask and ResumeTask call milvus-backup-grpc's own MilvusBackupControlService (package
// controlpb), served beside MilvusBackupService; upstream's server does not have it.
// WaitBackup and WaitRestore poll an asynchronous task until it ends.
//
//	c, err := backupclient.Dial("127.0.0.1:8080")
//	if err != nil { ... }
//	defer c.Close()
//	_, err = c.CreateBackup(ctx, &backuppb.CreateBackupRequest{
//		BackupName: "nightly", CollectionNames: []string{"docs"}, Async: true})
//	info, err := c.WaitBackup(ctx, "nightly")
package backupclient

import (
	"context"
	"fmt"
	"time"

	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/backuppb"
	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/controlpb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// DefaultPollInterval is the PollInterval of a new Client.
const DefaultPollInterval = 500 * time.Millisecond

// Client wraps the generated MilvusBackupServiceClient stub.
type Client struct {
	stub    backuppb.MilvusBackupServiceClient
	control controlpb.MilvusBackupControlServiceClient
	conn    *grpc.ClientConn // set when Dial made the connection; closed by Close

	// PollInterval is the pause between two polls in WaitBackup and WaitRestore.
	PollInterval time.Duration
}

// Dial connects to the service at addr ("host:port", or any gRPC target). Without options the
// connection is plaintext (grpc insecure credentials), as the service serves by default;
// options are applied after that default, so grpc.WithTransportCredentials replaces it.
// grpc.NewClient connects lazily: an unreachable server shows up as an error of the first call.
func Dial(addr string, opts ...grpc.DialOption) (*Client, error) {
	all := append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)
	conn, err := grpc.NewClient(addr, all...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: connecting to %s: %w", addr, err)
	}
	c := New(conn)
	c.conn = conn
	return c, nil
}

// New wraps a connection made by the caller, who keeps the duty to close it.
func New(cc grpc.ClientConnInterface) *Client {
	return &Client{
		stub:         backuppb.NewMilvusBackupServiceClient(cc),
		control:      controlpb.NewMilvusBackupControlServiceClient(cc),
		PollInterval: DefaultPollInterval,
	}
}

// Close closes the connection made by Dial; it does nothing for a Client made by New.
func (c *Client) Close() error {
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

// Stub is the generated client, for calls that need the whole response.
func (c *Client) Stub() backuppb.MilvusBackupServiceClient { return c.stub }

func check(method, requestID string, code backuppb.ResponseCode, msg string) error {
	if code == backuppb.ResponseCode_Success {
		return nil
	}
	return &ResponseError{Method: method, RequestID: requestID, Code: code, Msg: msg}
}

// Check asks the server to probe Milvus and the storages; it returns the server's report.
func (c *Client) Check(ctx context.Context, opts ...grpc.CallOption) (string, error) {
	resp, err := c.stub.Check(ctx, &backuppb.CheckRequest{}, opts...)
	if err != nil {
		return "", fmt.Errorf("backupclient: Check: %w", err)
	}
	return resp.GetMsg(), check("Check", "", resp.GetCode(), resp.GetMsg())
}

// CreateBackup starts a backup. With req.Async the returned info is the task as accepted
// (state BACKUP_INITIAL or BACKUP_EXECUTING); follow it with WaitBackup.
func (c *Client) CreateBackup(ctx context.Context, req *backuppb.CreateBackupRequest, opts ...grpc.CallOption) (*backuppb.BackupInfo, error) {
	resp, err := c.stub.CreateBackup(ctx, req, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: CreateBackup: %w", err)
	}
	return resp.GetData(), check("CreateBackup", resp.GetRequestId(), resp.GetCode(), resp.GetMsg())
}

// GetBackup reads one backup, or the state of a backup task still running.
func (c *Client) GetBackup(ctx context.Context, req *backuppb.GetBackupRequest, opts ...grpc.CallOption) (*backuppb.BackupInfo, error) {
	resp, err := c.stub.GetBackup(ctx, req, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: GetBackup: %w", err)
	}
	return resp.GetData(), check("GetBackup", resp.GetRequestId(), resp.GetCode(), resp.GetMsg())
}

// ListBackups lists the backups (only those holding req.CollectionName, when set).
func (c *Client) ListBackups(ctx context.Context, req *backuppb.ListBackupsRequest, opts ...grpc.CallOption) ([]*backuppb.BackupInfo, error) {
	if req == nil {
		req = &backuppb.ListBackupsRequest{}
	}
	resp, err := c.stub.ListBackups(ctx, req, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: ListBackups: %w", err)
	}
	return resp.GetData(), check("ListBackups", resp.GetRequestId(), resp.GetCode(), resp.GetMsg())
}

// DeleteBackup removes a backup and its files.
func (c *Client) DeleteBackup(ctx context.Context, name string, opts ...grpc.CallOption) error {
	resp, err := c.stub.DeleteBackup(ctx, &backuppb.DeleteBackupRequest{BackupName: name}, opts...)
	if err != nil {
		return fmt.Errorf("backupclient: DeleteBackup: %w", err)
	}
	return check("DeleteBackup", resp.GetRequestId(), resp.GetCode(), resp.GetMsg())
}

// RestoreBackup restores a backup. With req.Async the returned task is as accepted; follow it
// with WaitRestore(ctx, task.GetId()). A synchronous restore that fails is answered with code
// Fail, hence a *ResponseError (the returned task still carries the details); a task that
// comes back in state FAIL or TIMEOUT with code Success gives a *RestoreFailedError.
func (c *Client) RestoreBackup(ctx context.Context, req *backuppb.RestoreBackupRequest, opts ...grpc.CallOption) (*backuppb.RestoreBackupTaskResponse, error) {
	resp, err := c.stub.RestoreBackup(ctx, req, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: RestoreBackup: %w", err)
	}
	if err := check("RestoreBackup", resp.GetRequestId(), resp.GetCode(), resp.GetMsg()); err != nil {
		return resp.GetData(), err
	}
	if done, err := restoreEnded(resp.GetData()); done {
		return resp.GetData(), err
	}
	return resp.GetData(), nil
}

// GetRestore reads the state of a restore task.
func (c *Client) GetRestore(ctx context.Context, id string, opts ...grpc.CallOption) (*backuppb.RestoreBackupTaskResponse, error) {
	resp, err := c.stub.GetRestore(ctx, &backuppb.GetRestoreStateRequest{Id: id}, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: GetRestore: %w", err)
	}
	return resp.GetData(), check("GetRestore", resp.GetRequestId(), resp.GetCode(), resp.GetMsg())
}

// ListTasks lists the backup and restore tasks of the server's backup root, newest first (see
// controlpb.ListTasksRequest for the filters; nil lists running and interrupted tasks of any kind).
func (c *Client) ListTasks(ctx context.Context, req *controlpb.ListTasksRequest, opts ...grpc.CallOption) ([]*controlpb.TaskInfo, error) {
	if req == nil {
		req = &controlpb.ListTasksRequest{}
	}
	resp, err := c.control.ListTasks(ctx, req, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: ListTasks: %w", err)
	}
	return resp.GetTasks(), check("ListTasks", resp.GetRequestId(), resp.GetCode(), resp.GetMsg())
}

// CancelTask cancels a running task named by req.BackupName or req.TaskId (exactly one). The
// server waits up to 5 seconds for the task to stop; the returned task is then
// TASK_STATE_CANCELLED, else still running with CancelRequested. A refusal (the task ended, or
// another process runs it) is a *ResponseError, and the task is still returned when known.
func (c *Client) CancelTask(ctx context.Context, req *controlpb.CancelTaskRequest, opts ...grpc.CallOption) (*controlpb.TaskInfo, error) {
	resp, err := c.control.CancelTask(ctx, req, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: CancelTask: %w", err)
	}
	return resp.GetData(), check("CancelTask", resp.GetRequestId(), resp.GetCode(), resp.GetMsg())
}

// ResumeTask resumes an interrupted task (its process stopped before it finished) named by
// req.BackupName or req.TaskId (exactly one). The server takes the task over and runs it in the
// background; the returned task is TASK_STATE_RUNNING (poll ListTasks to see it end). A refusal
// (the task ended, or a live process runs it) is a *ResponseError, and the task is still
// returned when known.
func (c *Client) ResumeTask(ctx context.Context, req *controlpb.ResumeTaskRequest, opts ...grpc.CallOption) (*controlpb.TaskInfo, error) {
	resp, err := c.control.ResumeTask(ctx, req, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupclient: ResumeTask: %w", err)
	}
	return resp.GetData(), check("ResumeTask", resp.GetRequestId(), resp.GetCode(), resp.GetMsg())
}

// WaitBackup polls GetBackup every PollInterval until the backup called name ends. It returns
// the backup on BACKUP_SUCCESS, a *BackupFailedError on BACKUP_FAIL or BACKUP_TIMEOUT, a
// *ResponseError when GetBackup is refused, and the context's error (wrapped) when ctx ends
// first.
func (c *Client) WaitBackup(ctx context.Context, name string) (*backuppb.BackupInfo, error) {
	var last backuppb.BackupTaskStateCode
	for {
		info, err := c.GetBackup(ctx, &backuppb.GetBackupRequest{BackupName: name})
		if err != nil {
			return info, err
		}
		switch last = info.GetStateCode(); last {
		case backuppb.BackupTaskStateCode_BACKUP_SUCCESS:
			return info, nil
		case backuppb.BackupTaskStateCode_BACKUP_FAIL, backuppb.BackupTaskStateCode_BACKUP_TIMEOUT:
			return info, &BackupFailedError{
				Name: name, ID: info.GetId(), State: last, Msg: info.GetErrorMessage(), Info: info,
			}
		}
		if err := c.pause(ctx); err != nil {
			return info, fmt.Errorf("backupclient: waiting for backup %q (last state %s): %w", name, last, err)
		}
	}
}

// WaitRestore polls GetRestore every PollInterval until the restore task id ends. It returns
// the task on SUCCESS, a *RestoreFailedError on FAIL or TIMEOUT, a *ResponseError when
// GetRestore is refused, and the context's error (wrapped) when ctx ends first.
func (c *Client) WaitRestore(ctx context.Context, id string) (*backuppb.RestoreBackupTaskResponse, error) {
	for {
		task, err := c.GetRestore(ctx, id)
		if err != nil {
			return task, err
		}
		if done, err := restoreEnded(task); done {
			return task, err
		}
		if err := c.pause(ctx); err != nil {
			return task, fmt.Errorf("backupclient: waiting for restore task %s (last state %s): %w", id, task.GetStateCode(), err)
		}
	}
}

// restoreEnded says whether task is in a final state, and with which error.
func restoreEnded(task *backuppb.RestoreBackupTaskResponse) (bool, error) {
	switch state := task.GetStateCode(); state {
	case backuppb.RestoreTaskStateCode_SUCCESS:
		return true, nil
	case backuppb.RestoreTaskStateCode_FAIL, backuppb.RestoreTaskStateCode_TIMEOUT:
		return true, &RestoreFailedError{ID: task.GetId(), State: state, Msg: task.GetErrorMessage(), Task: task}
	}
	return false, nil
}

func (c *Client) pause(ctx context.Context) error {
	interval := c.PollInterval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	timer := time.NewTimer(interval)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
