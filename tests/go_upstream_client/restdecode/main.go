// Command restdecode reads this server's REST answers the way a Go program built on upstream
// milvus-backup v0.5.16 would: GET /api/v1/get_backup and /api/v1/list, decoded with
// encoding/json into upstream's own generated types (backuppb.BackupInfoResponse, whose data is
// a BackupInfoBrief, and backuppb.ListBackupsResponse, whose data is a list of BackupSummary).
// It prints what it decoded as one JSON object, for the test to compare with the backup.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"

	"github.com/zilliztech/milvus-backup/core/proto/backuppb"
)

func get(base, path string, into any) error {
	resp, err := http.Get(base + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d: %s", path, resp.StatusCode, body)
	}
	return json.Unmarshal(body, into)
}

func main() {
	base := flag.String("url", "", "the API's base URL, e.g. http://127.0.0.1:8080/api/v1")
	backup := flag.String("backup", "", "a backup to read")
	flag.Parse()

	var got backuppb.BackupInfoResponse
	if err := get(*base, "/get_backup?backup_name="+url.QueryEscape(*backup), &got); err != nil {
		fmt.Fprintln(os.Stderr, "get_backup:", err)
		os.Exit(1)
	}
	var listed backuppb.ListBackupsResponse
	if err := get(*base, "/list", &listed); err != nil {
		fmt.Fprintln(os.Stderr, "list:", err)
		os.Exit(1)
	}
	collections := []string{}
	for _, coll := range got.GetData().GetCollectionBackups() {
		collections = append(collections, coll.GetDbName()+"."+coll.GetCollectionName())
	}
	names := []string{}
	for _, summary := range listed.GetData() {
		names = append(names, summary.GetName())
	}
	out, _ := json.Marshal(map[string]any{
		"request_id":  got.GetRequestId(),
		"name":        got.GetData().GetName(),
		"state_code":  int32(got.GetData().GetStateCode()),
		"size":        got.GetData().GetSize(),
		"collections": collections,
		"listed":      names,
	})
	fmt.Println(string(out))
}
