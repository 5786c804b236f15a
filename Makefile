# milvus-backup-grpc — every task a developer or CI runs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv proto milvus-stubs proto-check wire-check clients clients-check clients-ts clients-ts-check grpcurl azurite chromium fake-gcs-server lint test test-docker test-fast demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP) ## create .venv and install the package with its dev extras

proto: $(STAMP) ## regenerate the Python stubs from proto/
	PYTHON=$(PY) bash scripts/generate_proto.sh

milvus-stubs: $(STAMP) ## regenerate Milvus's own stubs (src/milvus_backup_grpc/milvuspb) from the pinned protocol
	$(PY) scripts/generate_milvus_stubs.py

proto-check: proto milvus-stubs ## fail when the committed stubs differ from freshly generated ones
	@git diff --exit-code -- src/milvus_backup_grpc/pb src/milvus_backup_grpc/milvuspb || \
	  (echo "generated stubs are stale: run 'make proto milvus-stubs' and commit the result" >&2; exit 1)
	@test -z "$$(git status --porcelain -- src/milvus_backup_grpc/pb src/milvus_backup_grpc/milvuspb)" || \
	  (echo "untracked generated stubs: run 'make proto milvus-stubs' and commit the result" >&2; exit 1)

# The wire-surface tool sits in ../shared beside a CI checkout. Elsewhere it is skipped, unless
# WIRE_CHECK_REQUIRED=1 (set by .ci/run) makes its absence an error.
WIRE_CHECK ?= ../shared/tools/check-wire-surface
wire-check: $(STAMP) ## compare proto/ with upstream's MilvusBackupService (7125dcc), field by field
	@if [ -x "$(WIRE_CHECK)" ]; then "$(WIRE_CHECK)"; \
	elif [ -n "$$WIRE_CHECK_REQUIRED" ]; then echo "$(WIRE_CHECK) not found" >&2; exit 1; \
	else echo "$(WIRE_CHECK) not found: skipping the wire-surface check"; fi

clients: $(STAMP) ## regenerate the Go client stubs (clients/go/backuppb, clients/go/controlpb) from proto/
	PYTHON=$(PY) bash scripts/generate_go_client.sh

# Without a Go toolchain the Go client is not checked (and its tests skip); CI has one.
clients-check: ## fail when the committed Go stubs are stale; vet and unit-test the Go client
	@if ! command -v go >/dev/null; then echo "go not found: skipping the Go client checks"; else \
	  $(MAKE) --no-print-directory clients && \
	  { git diff --exit-code -- clients/go/backuppb clients/go/controlpb || \
	    { echo "generated Go stubs are stale: run 'make clients' and commit the result" >&2; exit 1; }; } && \
	  { test -z "$$(git status --porcelain -- clients/go/backuppb clients/go/controlpb)" || \
	    { echo "untracked generated Go stubs: run 'make clients' and commit the result" >&2; exit 1; }; } && \
	  (cd clients/go && go mod tidy -diff && go vet ./... && go test ./...); fi

clients-ts: ## regenerate clients/typescript/{proto,src/generated} from proto/
	bash scripts/generate_ts_client.sh

# Without Node.js the TypeScript client is not checked (and its tests skip); CI has it.
clients-ts-check: ## fail when the committed TS client files are stale; build and unit-test it
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then echo "node/npm not found: skipping the TypeScript client checks"; else \
	  (cd clients/typescript && npm ci --no-audit --no-fund) && \
	  $(MAKE) --no-print-directory clients-ts && \
	  { git diff --exit-code -- clients/typescript/src/generated clients/typescript/proto || \
	    { echo "generated TypeScript client files are stale: run 'make clients-ts' and commit the result" >&2; exit 1; }; } && \
	  { test -z "$$(git status --porcelain -- clients/typescript/src/generated clients/typescript/proto)" || \
	    { echo "untracked generated TypeScript files: run 'make clients-ts' and commit the result" >&2; exit 1; }; } && \
	  (cd clients/typescript && npm run build && npm test); fi

grpcurl: ## build the pinned grpcurl into tools/bin (needs Go)
	bash scripts/install_grpcurl.sh

fake-gcs-server: ## build the pinned fake-gcs-server (GCS emulator) into tools/bin (needs Go)
	bash scripts/install_fake_gcs_server.sh

azurite: ## install the pinned Azurite (Azure Blob emulator) into tools/azurite (needs Node.js and npm)
	bash scripts/install_azurite.sh

chromium: ## install Debian's chromium and chromium-driver for the status page's browser test (root or sudo)
	bash scripts/install_chromium.sh

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

# Test files are spread over PYTEST_WORKERS processes (pytest-xdist), each with its own Milvus
# and servers; a file stays on one worker, so its module fixtures are built once.
PYTEST_WORKERS ?= 2
test: $(STAMP) proto-check wire-check clients-check clients-ts-check lint ## the whole suite (embedded Milvus started by the tests)
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile

test-docker: $(STAMP) ## Milvus 2.4/2.5/2.6 images (needs a Docker engine; MILVUS_DOCKER_IMAGES to choose)
	$(PY) -m pytest -q -rs tests/docker

test-fast: $(STAMP) ## the fast tests (no Milvus)
	$(PY) -m pytest -q tests/unit tests/storage

demo: $(STAMP) ## a backup/drop/restore round trip on an embedded Milvus, through gRPC
	$(PY) -m milvus_backup_grpc.demo

# BENCH_ARGS passes flags through, e.g. make bench BENCH_ARGS=--quick (a few minutes).
.PHONY: bench
bench: $(STAMP) ## the benchmarks of issues 6 and 15 (about an hour on 2 cores: Milvus 2.3 restores 1,000 collections one import job at a time): writes benchmarks/RESULTS.md
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache clients/go/.bin tools \
	  clients/typescript/node_modules clients/typescript/dist
