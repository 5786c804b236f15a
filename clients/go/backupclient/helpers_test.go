package backupclient_test

// Tests of the helpers that need no real server: error formatting and matching, and
// WaitBackup/WaitRestore against a scripted in-memory server (grpc bufconn).

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/backupclient"
	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/backuppb"
	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/controlpb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
)

func TestResponseErrorFormatting(t *testing.T) {
	cases := []struct {
		err  *backupclient.ResponseError
		want string
	}{
		{
			&backupclient.ResponseError{Method: "GetBackup", RequestID: "r-1",
				Code: backuppb.ResponseCode_Request_Object_Not_Found, Msg: "backup b not found"},
			"backupclient: GetBackup: Request_Object_Not_Found (404): backup b not found [requestId r-1]",
		},
		{
			&backupclient.ResponseError{Method: "Check", Code: backuppb.ResponseCode_Fail},
			"backupclient: Check: Fail (3)",
		},
		{
			&backupclient.ResponseError{Method: "CreateBackup", Code: backuppb.ResponseCode(77), Msg: "odd"},
			"backupclient: CreateBackup: 77 (77): odd",
		},
	}
	for _, c := range cases {
		if got := c.err.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
}

func TestCodeOfAndIsNotFound(t *testing.T) {
	notFound := fmt.Errorf("wrapped: %w", &backupclient.ResponseError{
		Method: "GetBackup", Code: backuppb.ResponseCode_Request_Object_Not_Found})
	if code, ok := backupclient.CodeOf(notFound); !ok || code != backuppb.ResponseCode_Request_Object_Not_Found {
		t.Errorf("CodeOf(wrapped not found) = %v, %v", code, ok)
	}
	if !backupclient.IsNotFound(notFound) {
		t.Error("IsNotFound(wrapped not found) = false")
	}
	param := &backupclient.ResponseError{Code: backuppb.ResponseCode_Parameter_Error}
	if backupclient.IsNotFound(param) {
		t.Error("IsNotFound(Parameter_Error) = true")
	}
	for _, err := range []error{nil, errors.New("plain"), status.Error(codes.NotFound, "grpc not found")} {
		if code, ok := backupclient.CodeOf(err); ok || code != backuppb.ResponseCode_Success {
			t.Errorf("CodeOf(%v) = %v, %v; want Success, false", err, code, ok)
		}
		if backupclient.IsNotFound(err) {
			t.Errorf("IsNotFound(%v) = true", err)
		}
	}
}

func TestTaskErrorFormatting(t *testing.T) {
	b := &backupclient.BackupFailedError{Name: "b1", ID: "t-9", State: backuppb.BackupTaskStateCode_BACKUP_FAIL, Msg: "disk full"}
	if got, want := b.Error(), `backupclient: backup "b1" (task t-9) ended in BACKUP_FAIL: disk full`; got != want {
		t.Errorf("BackupFailedError = %q, want %q", got, want)
	}
	r := &backupclient.RestoreFailedError{ID: "t-3", State: backuppb.RestoreTaskStateCode_TIMEOUT}
	if got, want := r.Error(), "backupclient: restore task t-3 ended in TIMEOUT: (no error message)"; got != want {
		t.Errorf("RestoreFailedError = %q, want %q", got, want)
	}
}

// fakeServer answers GetBackup and GetRestore from scripts: each call takes the next entry,
// and the last one repeats.
type fakeServer struct {
	backuppb.UnimplementedMilvusBackupServiceServer
	mu       sync.Mutex
	backups  []*backuppb.BackupInfoResponse
	restores []*backuppb.RestoreBackupResponse
	calls    int
}

func (f *fakeServer) GetBackup(_ context.Context, req *backuppb.GetBackupRequest) (*backuppb.BackupInfoResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	resp := f.backups[0]
	if len(f.backups) > 1 {
		f.backups = f.backups[1:]
	}
	if resp.GetData() != nil && resp.GetData().GetName() != req.GetBackupName() {
		return &backuppb.BackupInfoResponse{Code: backuppb.ResponseCode_Request_Object_Not_Found, Msg: "wrong name"}, nil
	}
	return resp, nil
}

func (f *fakeServer) GetRestore(_ context.Context, req *backuppb.GetRestoreStateRequest) (*backuppb.RestoreBackupResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	resp := f.restores[0]
	if len(f.restores) > 1 {
		f.restores = f.restores[1:]
	}
	return resp, nil
}

func (f *fakeServer) Check(context.Context, *backuppb.CheckRequest) (*backuppb.CheckResponse, error) {
	return &backuppb.CheckResponse{Code: backuppb.ResponseCode_Fail, Msg: "Milvus: FAILED"}, nil
}

func (f *fakeServer) DeleteBackup(_ context.Context, req *backuppb.DeleteBackupRequest) (*backuppb.DeleteBackupResponse, error) {
	return &backuppb.DeleteBackupResponse{RequestId: "rq", Code: backuppb.ResponseCode_Request_Object_Not_Found,
		Msg: "backup " + req.GetBackupName() + " not found"}, nil
}

// dialFake serves f in memory and returns a client of it with a short poll interval.
func dialFake(t *testing.T, f *fakeServer) *backupclient.Client {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	backuppb.RegisterMilvusBackupServiceServer(srv, f)
	controlpb.RegisterMilvusBackupControlServiceServer(srv, fakeControl{})
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	c, err := backupclient.Dial("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }))
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	c.PollInterval = time.Millisecond
	return c
}

func backupState(name string, state backuppb.BackupTaskStateCode, msg string) *backuppb.BackupInfoResponse {
	return &backuppb.BackupInfoResponse{Data: &backuppb.BackupInfo{Id: "task-1", Name: name, StateCode: state, ErrorMessage: msg}}
}

func restoreState(state backuppb.RestoreTaskStateCode, msg string) *backuppb.RestoreBackupResponse {
	return &backuppb.RestoreBackupResponse{Data: &backuppb.RestoreBackupTaskResponse{Id: "r-1", StateCode: state, ErrorMessage: msg}}
}

func TestWaitBackupPollsUntilSuccess(t *testing.T) {
	f := &fakeServer{backups: []*backuppb.BackupInfoResponse{
		backupState("b", backuppb.BackupTaskStateCode_BACKUP_INITIAL, ""),
		backupState("b", backuppb.BackupTaskStateCode_BACKUP_EXECUTING, ""),
		backupState("b", backuppb.BackupTaskStateCode_BACKUP_EXECUTING, ""),
		backupState("b", backuppb.BackupTaskStateCode_BACKUP_SUCCESS, ""),
	}}
	info, err := dialFake(t, f).WaitBackup(context.Background(), "b")
	if err != nil || info.GetStateCode() != backuppb.BackupTaskStateCode_BACKUP_SUCCESS {
		t.Fatalf("WaitBackup = %v, %v; want BACKUP_SUCCESS", info.GetStateCode(), err)
	}
	if f.calls != 4 {
		t.Errorf("%d GetBackup calls, want 4", f.calls)
	}
}

func TestWaitBackupFailure(t *testing.T) {
	for _, state := range []backuppb.BackupTaskStateCode{
		backuppb.BackupTaskStateCode_BACKUP_FAIL, backuppb.BackupTaskStateCode_BACKUP_TIMEOUT,
	} {
		f := &fakeServer{backups: []*backuppb.BackupInfoResponse{
			backupState("b", backuppb.BackupTaskStateCode_BACKUP_EXECUTING, ""),
			backupState("b", state, "collection c dropped meanwhile"),
		}}
		_, err := dialFake(t, f).WaitBackup(context.Background(), "b")
		var bf *backupclient.BackupFailedError
		if !errors.As(err, &bf) {
			t.Fatalf("WaitBackup error %v (%T), want *BackupFailedError", err, err)
		}
		if bf.Name != "b" || bf.ID != "task-1" || bf.State != state || bf.Msg != "collection c dropped meanwhile" {
			t.Errorf("BackupFailedError = %+v", bf)
		}
	}
}

func TestWaitBackupResponseError(t *testing.T) {
	f := &fakeServer{backups: []*backuppb.BackupInfoResponse{
		{RequestId: "rq-7", Code: backuppb.ResponseCode_Request_Object_Not_Found, Msg: "no backup named b"},
	}}
	_, err := dialFake(t, f).WaitBackup(context.Background(), "b")
	var re *backupclient.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("WaitBackup error %v (%T), want *ResponseError", err, err)
	}
	want := backupclient.ResponseError{Method: "GetBackup", RequestID: "rq-7",
		Code: backuppb.ResponseCode_Request_Object_Not_Found, Msg: "no backup named b"}
	if *re != want {
		t.Errorf("ResponseError = %+v, want %+v", *re, want)
	}
}

func TestWaitBackupContextEnds(t *testing.T) {
	f := &fakeServer{backups: []*backuppb.BackupInfoResponse{
		backupState("b", backuppb.BackupTaskStateCode_BACKUP_EXECUTING, ""),
	}}
	c := dialFake(t, f)
	c.PollInterval = 20 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	info, err := c.WaitBackup(ctx, "b")
	if !errors.Is(err, context.DeadlineExceeded) && status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("WaitBackup error %v, want the context's deadline", err)
	}
	if err != nil && errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "BACKUP_EXECUTING") {
		t.Errorf("error %q does not name the last state", err)
	}
	if info != nil && info.GetStateCode() != backuppb.BackupTaskStateCode_BACKUP_EXECUTING {
		t.Errorf("last info state %s", info.GetStateCode())
	}
}

func TestWaitRestore(t *testing.T) {
	f := &fakeServer{restores: []*backuppb.RestoreBackupResponse{
		restoreState(backuppb.RestoreTaskStateCode_INITIAL, ""),
		restoreState(backuppb.RestoreTaskStateCode_EXECUTING, ""),
		restoreState(backuppb.RestoreTaskStateCode_SUCCESS, ""),
	}}
	task, err := dialFake(t, f).WaitRestore(context.Background(), "r-1")
	if err != nil || task.GetStateCode() != backuppb.RestoreTaskStateCode_SUCCESS {
		t.Fatalf("WaitRestore = %v, %v; want SUCCESS", task.GetStateCode(), err)
	}
	if f.calls != 3 {
		t.Errorf("%d GetRestore calls, want 3", f.calls)
	}

	f = &fakeServer{restores: []*backuppb.RestoreBackupResponse{
		restoreState(backuppb.RestoreTaskStateCode_EXECUTING, ""),
		restoreState(backuppb.RestoreTaskStateCode_FAIL, "import failed"),
	}}
	_, err = dialFake(t, f).WaitRestore(context.Background(), "r-1")
	var rf *backupclient.RestoreFailedError
	if !errors.As(err, &rf) || rf.ID != "r-1" || rf.State != backuppb.RestoreTaskStateCode_FAIL || rf.Msg != "import failed" {
		t.Fatalf("WaitRestore error %v, want RestoreFailedError{r-1 FAIL import failed}", err)
	}

	f = &fakeServer{restores: []*backuppb.RestoreBackupResponse{
		{Code: backuppb.ResponseCode_Request_Object_Not_Found, Msg: "no restore task r-1"},
	}}
	_, err = dialFake(t, f).WaitRestore(context.Background(), "r-1")
	if code, ok := backupclient.CodeOf(err); !ok || code != backuppb.ResponseCode_Request_Object_Not_Found {
		t.Fatalf("WaitRestore error %v, want a Request_Object_Not_Found ResponseError", err)
	}
}

func TestCallsTurnCodesIntoErrors(t *testing.T) {
	c := dialFake(t, &fakeServer{})
	ctx := context.Background()
	msg, err := c.Check(ctx)
	if code, ok := backupclient.CodeOf(err); !ok || code != backuppb.ResponseCode_Fail || msg != "Milvus: FAILED" {
		t.Errorf("Check = %q, %v; want the report and a Fail ResponseError", msg, err)
	}
	err = c.DeleteBackup(ctx, "nope")
	if !backupclient.IsNotFound(err) || !strings.Contains(err.Error(), "backup nope not found [requestId rq]") {
		t.Errorf("DeleteBackup error %v", err)
	}
	// An RPC the server does not implement is a gRPC error, not a ResponseError.
	_, err = c.ListBackups(ctx, nil)
	if _, ok := backupclient.CodeOf(err); ok || status.Code(err) != codes.Unimplemented {
		t.Errorf("ListBackups error %v, want gRPC Unimplemented", err)
	}
}

// fakeControl lists one running task and refuses to cancel anything but it.
type fakeControl struct {
	controlpb.UnimplementedMilvusBackupControlServiceServer
}

var runningTask = &controlpb.TaskInfo{Kind: controlpb.TaskKind_TASK_KIND_BACKUP, TaskId: "t-1",
	BackupName: "nightly", State: controlpb.TaskState_TASK_STATE_RUNNING, BytesDone: 10, BytesTotal: 40}

func (fakeControl) ListTasks(_ context.Context, req *controlpb.ListTasksRequest) (*controlpb.ListTasksResponse, error) {
	return &controlpb.ListTasksResponse{RequestId: req.GetRequestId(), Tasks: []*controlpb.TaskInfo{runningTask}}, nil
}

func (fakeControl) CancelTask(_ context.Context, req *controlpb.CancelTaskRequest) (*controlpb.CancelTaskResponse, error) {
	if req.GetTaskId() != "t-1" {
		return &controlpb.CancelTaskResponse{Code: backuppb.ResponseCode_Request_Object_Not_Found,
			Msg: "no task with id " + req.GetTaskId()}, nil
	}
	return &controlpb.CancelTaskResponse{Msg: "cancelled", Data: &controlpb.TaskInfo{TaskId: "t-1",
		State: controlpb.TaskState_TASK_STATE_CANCELLED}}, nil
}

func TestListAndCancelTasks(t *testing.T) {
	c := dialFake(t, &fakeServer{})
	ctx := context.Background()
	tasks, err := c.ListTasks(ctx, nil)
	if err != nil || len(tasks) != 1 || tasks[0].GetBytesDone() != 10 || tasks[0].GetBackupName() != "nightly" {
		t.Fatalf("ListTasks = %v, %v", tasks, err)
	}
	task, err := c.CancelTask(ctx, &controlpb.CancelTaskRequest{TaskId: "t-1"})
	if err != nil || task.GetState() != controlpb.TaskState_TASK_STATE_CANCELLED {
		t.Fatalf("CancelTask(t-1) = %v, %v", task, err)
	}
	_, err = c.CancelTask(ctx, &controlpb.CancelTaskRequest{TaskId: "t-2"})
	if !backupclient.IsNotFound(err) || !strings.Contains(err.Error(), "no task with id t-2") {
		t.Fatalf("CancelTask(t-2) error = %v, want Request_Object_Not_Found", err)
	}
}

func (fakeControl) ResumeTask(_ context.Context, req *controlpb.ResumeTaskRequest) (*controlpb.ResumeTaskResponse, error) {
	if req.GetBackupName() != "nightly" {
		return &controlpb.ResumeTaskResponse{Code: backuppb.ResponseCode_Parameter_Error,
			Msg: "backup " + req.GetBackupName() + " is complete; there is nothing to resume",
			Data: &controlpb.TaskInfo{BackupName: req.GetBackupName(), State: controlpb.TaskState_TASK_STATE_SUCCESS}}, nil
	}
	return &controlpb.ResumeTaskResponse{Msg: "resumed", Data: runningTask}, nil
}

func TestResumeTask(t *testing.T) {
	c := dialFake(t, &fakeServer{})
	ctx := context.Background()
	task, err := c.ResumeTask(ctx, &controlpb.ResumeTaskRequest{BackupName: "nightly"})
	if err != nil || task.GetState() != controlpb.TaskState_TASK_STATE_RUNNING || task.GetTaskId() != "t-1" {
		t.Fatalf("ResumeTask(nightly) = %v, %v", task, err)
	}
	task, err = c.ResumeTask(ctx, &controlpb.ResumeTaskRequest{BackupName: "done"})
	if code, ok := backupclient.CodeOf(err); !ok || code != backuppb.ResponseCode_Parameter_Error ||
		!strings.Contains(err.Error(), "nothing to resume") {
		t.Fatalf("ResumeTask(done) error = %v, want Parameter_Error", err)
	}
	if task.GetState() != controlpb.TaskState_TASK_STATE_SUCCESS {
		t.Fatalf("ResumeTask(done) task = %v, want the refused task", task)
	}
}
