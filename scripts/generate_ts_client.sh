#!/usr/bin/env bash
# Regenerate the TypeScript client's generated files from proto/ (run by `make clients-ts`):
#   clients/typescript/proto/milvus/backup/backup.proto  a copy of proto/milvus/backup/backup.proto,
#                                                       which the client loads at run time;
#   clients/typescript/proto/milvus_backup_grpc/control/v1/control.proto
#                                                       likewise, our own control service;
#   clients/typescript/src/generated/                   TypeScript types of its messages and of
#                                                       the service, by proto-loader-gen-types.
#
# Determinism: proto-loader-gen-types is the one of the @grpc/proto-loader pinned in
# clients/typescript/package.json (installed from package-lock.json by `npm ci` when missing or
# of another version); it runs from clients/typescript with the .proto given relative to
# proto/, so the "Original file" headers are the same everywhere. No protoc is involved.
# CI regenerates and diffs.
#
# The flags below must match LOADER_OPTIONS in clients/typescript/src/proto.ts (the types
# describe what that loading produces): --keepCase --longs=String --defaults --oneofs, enums as
# numbers, bytes as Buffers.
#
# Environment: NPM, the npm command (default npm); NODE, the node command (default node).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

npm="${NPM:-npm}"
node="${NODE:-node}"
client_dir="clients/typescript"
proto_file="milvus/backup/backup.proto"
control_file="milvus_backup_grpc/control/v1/control.proto"
out_dir="src/generated"

for tool in "$node" "$npm"; do
  command -v "$tool" >/dev/null || { echo "generate_ts_client: '$tool' not found (Node.js >= 20 and npm are needed)" >&2; exit 1; }
done

# The generator must be the pinned one: compare the installed @grpc/proto-loader with package.json.
want="$("$node" -p "require('./$client_dir/package.json').dependencies['@grpc/proto-loader']")"
have="$("$node" -p "try { require('./$client_dir/node_modules/@grpc/proto-loader/package.json').version } catch { '' }")"
if [ "$have" != "$want" ] || [ ! -x "$client_dir/node_modules/.bin/proto-loader-gen-types" ]; then
  echo "generate_ts_client: installing the locked dependencies (npm ci) in $client_dir"
  (cd "$client_dir" && "$npm" ci --no-audit --no-fund --loglevel=error)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Generate from a copy of the proto laid out as in the package, then swap the results in whole.
for f in "$proto_file" "$control_file"; do
  mkdir -p "$work/pkg/proto/$(dirname "$f")"
  install -m 644 "proto/$f" "$work/pkg/proto/$f"
done
gen_types="$root/$client_dir/node_modules/.bin/proto-loader-gen-types"
(cd "$work/pkg" && "$gen_types" \
  --keepCase --longs=String --defaults --oneofs --includeComments \
  --grpcLib=@grpc/grpc-js \
  -I proto -O "$out_dir" "$proto_file" "$control_file" >/dev/null)

for f in backup.ts milvus/proto/backup/MilvusBackupService.ts milvus/proto/backup/BackupInfo.ts \
    control.ts milvusbackupgrpc/control/v1/MilvusBackupControlService.ts; do
  [ -f "$work/pkg/$out_dir/$f" ] || { echo "generate_ts_client: proto-loader-gen-types did not write $out_dir/$f" >&2; exit 1; }
done

rm -rf "${client_dir:?}/$out_dir" "$client_dir/proto"
mkdir -p "$client_dir/$out_dir" "$client_dir/proto"
cp -R "$work/pkg/$out_dir/." "$client_dir/$out_dir/"
cp -R "$work/pkg/proto/." "$client_dir/proto/"
find "$client_dir/$out_dir" "$client_dir/proto" -type f -exec chmod 644 {} +

count="$(find "$client_dir/$out_dir" -type f -name '*.ts' | wc -l | tr -d ' ')"
echo "generate_ts_client: wrote $client_dir/proto/{$proto_file,$control_file} and $count files under $client_dir/$out_dir (@grpc/proto-loader $want)"
