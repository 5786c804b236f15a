"""``config migrate``: a v1 ``backup.yaml`` rewritten with upstream's v2 keys.

Every key the v1 file sets is written under its v2 name (``milvus.address`` becomes
``milvus.grpc.address``), its value translated where v2 spells it differently: ``tlsMode``
0/1/2 becomes disabled/server/mutual, ``useIAM`` becomes ``auth.type`` (static or iam; on Azure
sharedKey or default), ``crossStorage`` becomes ``transfer.mode`` (auto or streaming), and on
Azure the account name and key go to ``accountName`` / ``auth.accountKey``. This service's own
keys (``server.*``, timeouts, ...) keep their names, as a v2 file reads them. Keys with no v2
form are left out and named in the notes. Secrets kept in environment variables stay there:
only what the file holds is written.

The result reads back (``load_config``) as the same configuration as the v1 file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from . import config as cfg
from .errors import ConfigError

_TLS_MODES = {0: "disabled", 1: "server", 2: "mutual"}


def _storage_type(flat: Mapping[str, Any], backup_side: bool) -> str:
    own = "minio.backupStorageType" if backup_side else "minio.storageType"
    for key in (own, "minio.storageType"):
        for given, value in flat.items():
            if given.lower() == key.lower() and value is not None:
                return str(value).strip().lower()
    return "minio"


def _v2_name_and_value(
    setting: cfg.Setting, value: Any, flat: Mapping[str, Any]
) -> tuple[str, Any]:
    """The v2 key of a v1 setting and its value as v2 spells it."""
    name = cfg.V2_NAMES[setting.key]
    backup_side = name.startswith("backup.storage.")
    side = "backup.storage" if backup_side else "milvus.storage"
    azure = _storage_type(flat, backup_side) == "azure"
    if setting.key == "milvus.tlsMode":
        return name, _TLS_MODES.get(value, value)
    if name.endswith(".auth.type"):
        return name, ("default" if value else "sharedKey") if azure else (
            "iam" if value else "static"
        )
    if setting.key == "minio.crossStorage":
        return name, "streaming" if value else "auto"
    if azure and name == f"{side}.auth.accessKeyID":
        return f"{side}.accountName", value
    if azure and name == f"{side}.auth.secretAccessKey":
        return f"{side}.auth.accountKey", value
    return name, value


def _put(tree: dict[str, Any], dotted: str, value: Any) -> None:
    node = tree
    *parents, leaf = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def migrate_v1_file(path: str | os.PathLike[str]) -> tuple[str, list[str]]:
    """The v2 YAML text of a v1 config file, and notes on what was left out.

    Raises:
        ConfigError: the file cannot be read, is already v2, or holds a value of the wrong type.
    """
    p = Path(path)
    try:
        loaded = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read config file {str(p)!r}: {exc}") from exc
    except yaml.YAMLError:
        raise ConfigError(f"cannot read config file {str(p)!r}: it is not valid YAML") from None
    if not isinstance(loaded, Mapping):
        raise ConfigError(f"config file {str(p)!r} must hold a mapping of keys")
    if str(loaded.get("configVersion", "v1")).strip() == "v2":
        raise ConfigError(f"{str(p)!r} is already a v2 config (configVersion: v2)")
    cfg.load_config(p, env={})  # the v1 file must itself be valid
    flat = {k: v for k, v in cfg._flatten(loaded).items() if k != "configVersion"}
    tree: dict[str, Any] = {"configVersion": "v2"}
    notes: list[str] = []
    for key, raw in flat.items():
        setting = cfg._BY_KEY.get(key) or cfg._BY_KEY_LOWER.get(key.lower())
        if setting is None:
            notes.append(f"{key}: no v2 key takes it here; left out")
            continue
        if raw is None:
            continue
        value = cfg._coerce(setting, raw, "file", key)
        if setting.key in cfg.OWN_KEYS:
            _put(tree, setting.key, value)
            continue
        name, v2_value = _v2_name_and_value(setting, value, flat)
        _put(tree, name, v2_value)
    text = yaml.safe_dump(tree, sort_keys=False, default_flow_style=False)
    return text, notes
