# milvus-backup-grpc — every task a developer or CI runs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv proto proto-check clients clients-check lint test test-fast demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP) ## create .venv and install the package with its dev extras

proto: $(STAMP) ## regenerate the Python stubs from proto/
	PYTHON=$(PY) bash scripts/generate_proto.sh

proto-check: proto ## fail when the committed stubs differ from freshly generated ones
	@git diff --exit-code -- src/milvus_backup_grpc/pb || \
	  (echo "generated stubs are stale: run 'make proto' and commit the result" >&2; exit 1)
	@test -z "$$(git status --porcelain -- src/milvus_backup_grpc/pb)" || \
	  (echo "untracked generated stubs: run 'make proto' and commit the result" >&2; exit 1)

clients: $(STAMP) ## regenerate the Go client stubs (clients/go/backuppb) from proto/
	PYTHON=$(PY) bash scripts/generate_go_client.sh

# Without a Go toolchain the Go client is not checked (and its tests skip); CI has one.
clients-check: ## fail when the committed Go stubs are stale; vet and unit-test the Go client
	@if ! command -v go >/dev/null; then echo "go not found: skipping the Go client checks"; else \
	  $(MAKE) --no-print-directory clients && \
	  { git diff --exit-code -- clients/go/backuppb || \
	    { echo "generated Go stubs are stale: run 'make clients' and commit the result" >&2; exit 1; }; } && \
	  { test -z "$$(git status --porcelain -- clients/go/backuppb)" || \
	    { echo "untracked generated Go stubs: run 'make clients' and commit the result" >&2; exit 1; }; } && \
	  (cd clients/go && go mod tidy -diff && go vet ./... && go test ./...); fi

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

test: $(STAMP) proto-check clients-check lint ## the whole suite (embedded Milvus started by the tests)
	$(PY) -m pytest -q

test-fast: $(STAMP) ## unit tests only
	$(PY) -m pytest -q tests/unit

demo: $(STAMP) ## a backup/drop/restore round trip on an embedded Milvus, through gRPC
	$(PY) -m milvus_backup_grpc.demo

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache clients/go/.bin
