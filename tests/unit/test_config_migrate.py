"""``config migrate``: a v1 file rewritten with v2 keys reads back as the same configuration."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path

import pytest
import yaml

from milvus_backup_grpc.cli import main
from milvus_backup_grpc.config import Config, load_config
from milvus_backup_grpc.config_migrate import migrate_v1_file
from milvus_backup_grpc.errors import ConfigError
from tests.unit.test_config_v2 import V1_YAML

AZURE_V1 = """\
minio:
  storageType: azure
  accessKeyID: account1
  secretAccessKey: key1
  useIAM: false
  bucketName: container
  backupRootPath: bk
milvus:
  tlsMode: 1
server:
  rest:
    shapes: v0.5.9
"""


def _typed(config: Config) -> dict[str, object]:
    return {f.name: getattr(config, f.name) for f in dataclasses.fields(config)
            if f.name not in ("values", "schema")}


@pytest.mark.parametrize("v1_text", [V1_YAML, AZURE_V1], ids=["s3", "azure"])
def test_migrated_file_is_v2_and_the_same_configuration(tmp_path: Path, v1_text: str) -> None:
    v1_path = tmp_path / "v1.yaml"
    v1_path.write_text(textwrap.dedent(v1_text), encoding="utf-8")
    text, notes = migrate_v1_file(v1_path)
    assert notes == []
    v2_path = tmp_path / "v2.yaml"
    v2_path.write_text(text, encoding="utf-8")
    v1, v2 = load_config(v1_path, env={}), load_config(v2_path, env={})
    assert v2.schema == "v2"
    assert _typed(v2) == _typed(v1)
    assert {k: v.value for k, v in v2.values.items()} == {k: v.value for k, v in v1.values.items()}


def test_values_are_spelled_as_v2_spells_them(tmp_path: Path) -> None:
    path = tmp_path / "v1.yaml"
    path.write_text(V1_YAML, encoding="utf-8")
    tree = yaml.safe_load(migrate_v1_file(path)[0])
    assert tree["configVersion"] == "v2"
    assert tree["milvus"]["grpc"] == {
        "address": "milvus.example", "port": 19531, "tlsMode": "mutual",
        "caCertPath": "/certs/ca.pem", "serverName": "milvus.example",
        "mtlsCertPath": "/certs/client.pem", "mtlsKeyPath": "/certs/client.key"}
    assert tree["transfer"]["mode"] == "streaming"
    assert tree["milvus"]["storage"]["provider"] == "s3"
    assert tree["server"]["auth"]["token"] == "tok-from-file-0123"  # our own keys keep names
    azure = tmp_path / "azure.yaml"
    azure.write_text(AZURE_V1, encoding="utf-8")
    storage = yaml.safe_load(migrate_v1_file(azure)[0])["milvus"]["storage"]
    assert storage["accountName"] == "account1"
    assert storage["auth"] == {"accountKey": "key1", "type": "sharedKey"}


def test_unknown_keys_are_named_in_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "v1.yaml"
    path.write_text("milvus:\n  port: 19531\n  someday: 1\n", encoding="utf-8")
    text, notes = migrate_v1_file(path)
    assert notes == ["milvus.someday: no v2 key takes it here; left out"]
    assert yaml.safe_load(text) == {"configVersion": "v2", "milvus": {"grpc": {"port": 19531}}}


def test_a_v2_file_is_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v2.yaml"
    path.write_text("configVersion: v2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="already a v2 config"):
        migrate_v1_file(path)


def test_cli_writes_the_file_and_refuses_to_overwrite(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the file names a log file relative to the working directory
    v1_path = tmp_path / "v1.yaml"
    v1_path.write_text(V1_YAML, encoding="utf-8")
    out_path = tmp_path / "out.yaml"
    assert main(["--config", str(v1_path), "config", "migrate", "-o", str(out_path)]) == 0
    assert load_config(out_path, env={}).schema == "v2"
    assert out_path.stat().st_mode & 0o077 == 0
    capsys.readouterr()
    assert main(["--json", "--config", str(v1_path), "config", "migrate", "-o",
                 str(out_path)]) == 2
    assert "--force" in json.loads(capsys.readouterr().out)["error"]["message"]
    assert main(["--config", str(v1_path), "config", "migrate"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["configVersion"] == "v2"
