package backupclient

import (
	"errors"
	"fmt"

	"github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go/backuppb"
)

// ResponseError is returned when the server answers a call with a ResponseCode other than
// Success: the RPC itself went through, but the request was refused or failed. Code and Msg
// are the response's code and msg fields, as sent by the server.
type ResponseError struct {
	// Method is the RPC that answered, e.g. "GetBackup".
	Method string
	// RequestID is the response's requestId (empty for Check, which has none).
	RequestID string
	Code      backuppb.ResponseCode
	Msg       string
}

func (e *ResponseError) Error() string {
	s := fmt.Sprintf("backupclient: %s: %s (%d)", e.Method, e.Code, int32(e.Code))
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.RequestID != "" {
		s += " [requestId " + e.RequestID + "]"
	}
	return s
}

// CodeOf returns the ResponseCode carried by err (or by an error it wraps) and true, or
// Success and false when err holds no ResponseError.
func CodeOf(err error) (backuppb.ResponseCode, bool) {
	var re *ResponseError
	if errors.As(err, &re) {
		return re.Code, true
	}
	return backuppb.ResponseCode_Success, false
}

// IsNotFound reports whether err is a ResponseError with code Request_Object_Not_Found.
func IsNotFound(err error) bool {
	code, ok := CodeOf(err)
	return ok && code == backuppb.ResponseCode_Request_Object_Not_Found
}

// BackupFailedError is returned by WaitBackup when the backup task ends in BACKUP_FAIL or
// BACKUP_TIMEOUT. Msg is the task's errorMessage; Info is the last state read.
type BackupFailedError struct {
	Name  string
	ID    string
	State backuppb.BackupTaskStateCode
	Msg   string
	Info  *backuppb.BackupInfo
}

func (e *BackupFailedError) Error() string {
	return fmt.Sprintf("backupclient: backup %q (task %s) ended in %s: %s", e.Name, e.ID, e.State, msgOrNone(e.Msg))
}

// RestoreFailedError is returned by WaitRestore when the restore task ends in FAIL or TIMEOUT.
// Msg is the task's errorMessage; Task is the last state read.
type RestoreFailedError struct {
	ID    string
	State backuppb.RestoreTaskStateCode
	Msg   string
	Task  *backuppb.RestoreBackupTaskResponse
}

func (e *RestoreFailedError) Error() string {
	return fmt.Sprintf("backupclient: restore task %s ended in %s: %s", e.ID, e.State, msgOrNone(e.Msg))
}

func msgOrNone(msg string) string {
	if msg == "" {
		return "(no error message)"
	}
	return msg
}
