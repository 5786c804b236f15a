#!/usr/bin/env bash
# Regenerate the Go client stubs of proto/ (run by `make clients`): clients/go/backuppb/ from
# milvus/backup/backup.proto, and clients/go/controlpb/ from our own control service's
# milvus_backup_grpc/control/v1/control.proto (which imports backup.proto's ResponseCode).
#
# The package is generated from OUR proto/milvus/backup/backup.proto, whose wire surface equals
# upstream milvus-backup's. The .proto keeps upstream's go_package; the M option below maps the
# file to this module's import path instead, so nothing in proto/ has to change.
#
# Determinism: both protoc plugins are installed at pinned versions into clients/go/.bin (not
# committed), and protoc is the one bundled with the pinned grpcio-tools (its version is
# checked against pyproject.toml), so the headers of the generated files — which name the
# plugin and protoc versions — are the same on every machine. CI regenerates and diffs.
#
# Environment: PYTHON, an interpreter with grpcio-tools (default .venv/bin/python);
#              GO, the go command (default go).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python="${PYTHON:-.venv/bin/python}"
go="${GO:-go}"

# Pinned code generators. protoc-gen-go is part of google.golang.org/protobuf: keep it at the
# runtime version required in clients/go/go.mod. protoc-gen-go-grpc's output needs
# google.golang.org/grpc >= 1.64 at run time.
protoc_gen_go_version="v1.36.11"
protoc_gen_go_grpc_version="v1.6.2"

module="github.com/milvus-backup-grpc/milvus-backup-grpc/clients/go"
package_dir="backuppb"
proto_file="milvus/backup/backup.proto"
control_dir="controlpb"
control_file="milvus_backup_grpc/control/v1/control.proto"
client_dir="clients/go"
bin_dir="$client_dir/.bin"

# protoc's version is printed in the generated headers: insist on the pinned grpcio-tools.
want_tools="$(sed -nE 's/^[[:space:]]*"grpcio-tools==([^"]+)".*/\1/p' pyproject.toml)"
have_tools="$("$python" -c 'from importlib.metadata import version; print(version("grpcio-tools"))')"
if [ -z "$want_tools" ] || [ "$want_tools" != "$have_tools" ]; then
  echo "generate_go_client: grpcio-tools $have_tools found, pyproject.toml pins '${want_tools}'" >&2
  exit 1
fi

# Generated code needs a runtime at least as new as its generator: keep go.mod's protobuf
# requirement at the protoc-gen-go version.
if ! grep -qE "^[[:space:]]*google\.golang\.org/protobuf ${protoc_gen_go_version}\$" "$client_dir/go.mod"; then
  echo "generate_go_client: $client_dir/go.mod does not require google.golang.org/protobuf" \
       "$protoc_gen_go_version (the protoc-gen-go version); keep the two in step" >&2
  exit 1
fi

# Install the plugins unless the right versions are already there.
mkdir -p "$bin_dir"
abs_bin="$root/$bin_dir"
install_plugin() { # name version package
  local name="$1" version="$2" pkg="$3" have=""
  if [ -x "$abs_bin/$name" ]; then
    have="$("$abs_bin/$name" --version 2>/dev/null || true)"
  fi
  # protoc-gen-go prints "protoc-gen-go v1.36.11", protoc-gen-go-grpc "protoc-gen-go-grpc 1.6.2".
  if [ "${have##* }" = "$version" ] || [ "v${have##* }" = "$version" ]; then
    return
  fi
  echo "generate_go_client: installing $pkg@$version into $bin_dir"
  # pkg@version builds the plugin from its own go.mod, independent of clients/go/go.mod.
  GOBIN="$abs_bin" "$go" install "$pkg@$version"
}
install_plugin protoc-gen-go "$protoc_gen_go_version" google.golang.org/protobuf/cmd/protoc-gen-go
install_plugin protoc-gen-go-grpc "$protoc_gen_go_grpc_version" \
  google.golang.org/grpc/cmd/protoc-gen-go-grpc

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mapping="M${proto_file}=${module}/${package_dir};${package_dir}"
control_mapping="M${control_file}=${module}/${control_dir};${control_dir}"
"$python" -m grpc_tools.protoc -Iproto \
  --plugin=protoc-gen-go="$abs_bin/protoc-gen-go" \
  --plugin=protoc-gen-go-grpc="$abs_bin/protoc-gen-go-grpc" \
  --go_out="$work" --go_opt="module=${module}" --go_opt="$mapping" --go_opt="$control_mapping" \
  --go-grpc_out="$work" --go-grpc_opt="module=${module}" --go-grpc_opt="$mapping" \
  --go-grpc_opt="$control_mapping" \
  "$proto_file" "$control_file"

gen="$work/$package_dir"
control_gen="$work/$control_dir"
for f in "$gen/backup.pb.go" "$gen/backup_grpc.pb.go" "$control_gen/control.pb.go" \
    "$control_gen/control_grpc.pb.go"; do
  [ -f "$f" ] || { echo "generate_go_client: protoc did not write ${f#"$work"/}" >&2; exit 1; }
done
# The embedded file descriptor still carries upstream's go_package (it is the .proto's option);
# only an import of upstream's package would be wrong.
if grep -nE '^[[:space:]]*(import[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*[[:space:]]+)?"github\.com/zilliztech/' \
    "$gen"/*.go "$control_gen"/*.go >&2; then
  echo "generate_go_client: the generated code imports upstream's package" >&2
  exit 1
fi

out="$client_dir/$package_dir"
mkdir -p "$out"
rm -f "$out"/*.pb.go
for f in backup.pb.go backup_grpc.pb.go; do
  install -m 644 "$gen/$f" "$out/$f"
done

control_out="$client_dir/$control_dir"
mkdir -p "$control_out"
rm -f "$control_out"/*.pb.go
for f in control.pb.go control_grpc.pb.go; do
  install -m 644 "$control_gen/$f" "$control_out/$f"
done

echo "generate_go_client: wrote $out/{backup.pb.go,backup_grpc.pb.go} (package $module/$package_dir)" \
  "and $control_out/{control.pb.go,control_grpc.pb.go} (package $module/$control_dir)"
