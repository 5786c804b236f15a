"""The REST door: upstream milvus-backup's HTTP API under ``/api/v1``, beside the gRPC one.

Upstream's ``milvus-backup server`` is a gin HTTP server; these are its routes::

    ANY    /                       text "Hello, This is backup service"
    GET    /api/v1/hello           the same
    POST   /api/v1/create          body CreateBackupRequest; header request_id
    GET    /api/v1/list            ?collection_name=
    GET    /api/v1/get_backup      ?backup_name=&backup_id=&bucket_name=&path=
    DELETE /api/v1/delete          ?backup_name=
    POST   /api/v1/restore         body RestoreBackupRequest; header request_id
    GET    /api/v1/get_restore     ?id=
    GET    /api/v1/check           text/plain check output (HTTP 500 {"error": ...} on failure)

Our own control service (MilvusBackupControlService of control.proto) adds::

    GET    /api/v1/tasks           ?kind=backup|restore&include_finished=true -> ListTasksResponse
    POST   /api/v1/cancel          body CancelTaskRequest ({"backup_name": ...} or
                                   {"task_id": ...}); header request_id -> CancelTaskResponse
    POST   /api/v1/resume          body ResumeTaskRequest (the same) -> ResumeTaskResponse

The policy service (MilvusBackupPolicyService of control.proto) adds::

    GET    /api/v1/policies        -> ListPoliciesResponse
    GET    /api/v1/policy          ?name= -> PolicyResponse
    POST   /api/v1/policies        body Policy (or {"policy": ...}) -> PolicyResponse
    PUT    /api/v1/policy          body Policy (or UpdatePolicyRequest) -> PolicyResponse
    DELETE /api/v1/policy          ?name= -> DeletePolicyResponse
    POST   /api/v1/policy/run      body {"name": ...} (or ?name=) -> RunPolicyNowResponse
    GET    /api/v1/policy_runs     ?name=&limit= (no name: every policy's) -> ListPolicyRunsResponse

Those speak protobuf's canonical JSON mapping (not upstream's Go encoding): proto field
names, every field present, enums by name ("TASK_STATE_RUNNING", code "Success"), 64-bit
integers as strings; request bodies may use proto or lowerCamel names, enum names or numbers.
A bad query or body is HTTP 400 ``{"error": ...}``, every other outcome HTTP 200 with the
response's ``code`` and ``msg``, as for upstream's routes.

Each route builds the backup.proto request message a gRPC client would send and hands it
to the gRPC servicer, so both doors share one request handling; the response message is
written as upstream's gin server writes it (Go encoding/json, see ``layout.codec``): proto
field names, ``code`` omitted when Success, ``data`` always present, enums as integers.
Bodies are decoded like Go's: keys match field names case-insensitively and unknown keys
are ignored. A body that is not JSON or does not fit the message is HTTP 400
``{"error": "Invalid request body: ..."}``; every other outcome is HTTP 200 with the
response's ``code`` and ``msg``.

Beside the API, for people and monitoring::

    GET    /metrics                Prometheus text format, or OpenMetrics if Accept prefers it
                                   (``metrics.py``, and all else on prometheus_client's default
                                   registry)
    GET    /ui                     the status page (``status_page.html``): one static page whose
                                   script reads the routes above

With a ``ServerSecurity`` (``api.security``) the listener speaks TLS (or mutual TLS), and a
configured token makes every route but the hello ones and ``/ui`` answer HTTP 401
``{"error": ...}`` unless the request carries ``Authorization: Bearer <token>``. ``/metrics``
takes the token too (Prometheus sends it with ``authorization: {credentials: ...}``). ``/ui``
does not: a browser cannot add a header to the page it navigates to, and the page holds no
data; its script asks for the token and sends it with each API call.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from google.protobuf import json_format
from google.protobuf.message import Message

from .. import metrics
from ..engine.selection import filter_text_of_map
from ..engine.service import BackupService
from ..errors import BackupError, LayoutError, RequestError
from ..layout import codec
from ..pb import backup_pb2 as pb
from ..pb import control_pb2 as cpb
from .grpc_server import BackupServicer, ControlServicer, PolicyServicer
from .rest_shapes import NEWEST, SHAPES, shape_answer
from .security import ServerSecurity, TokenAuth

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
METRICS_PATH = "/metrics"
STATUS_PAGE_PATH = "/ui"
HELLO = "Hello, This is backup service"
MAX_BODY_BYTES = 16 * 1024 * 1024
TLS_HANDSHAKE_SECONDS = 10  # a client that connects and stays silent is dropped after this

M = TypeVar("M", bound=Message)

_JSON = "application/json; charset=utf-8"
_TEXT = "text/plain; charset=utf-8"
_HTML = "text/html; charset=utf-8"
# The page is static and its script sends the token with each call (see the module docstring).
_PUBLIC_PATHS = frozenset({STATUS_PAGE_PATH})
# GET /tasks?kind=...: the values it takes.
_TASK_KINDS: dict[str, cpb.TaskKind] = {
    "": cpb.TASK_KIND_UNSPECIFIED,
    "backup": cpb.TASK_KIND_BACKUP,
    "restore": cpb.TASK_KIND_RESTORE,
}
# gin's Any(): every method it registers for the root route.
_ANY_METHODS = ("GET", "POST", "PUT", "PATCH", "HEAD", "OPTIONS", "DELETE", "CONNECT", "TRACE")


class BadBody(Exception):
    """The request body is not JSON, or not JSON that fits the request message."""


class BadQuery(BadBody):
    """A query parameter has a value its route cannot take."""


@dataclass(frozen=True)
class Request:
    """One HTTP request, as the routes see it."""

    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def request_id(self) -> str:
        """The ``request_id`` header, or "" (upstream reads the id from this header)."""
        return self.headers.get("request_id", "")


@dataclass(frozen=True)
class Reply:
    """One HTTP response."""

    status: int
    body: bytes
    content_type: str = _JSON
    headers: Mapping[str, str] = field(default_factory=dict)


def _json_reply(tree: Any, status: int = HTTPStatus.OK) -> Reply:
    return Reply(status, json.dumps(tree, ensure_ascii=False, separators=(",", ":")).encode())


def _proto_json_reply(message: Message) -> Reply:
    tree = json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    return _json_reply(tree)


def _text_reply(text: str, status: int = HTTPStatus.OK) -> Reply:
    return Reply(status, text.encode("utf-8"), _TEXT)


def decode_body(body: bytes, cls: type[M]) -> M:
    """Decode a JSON body into a new ``cls`` message as gin's ShouldBindJSON would.

    ``google.protobuf.Value`` fields (``db_collections``, ``db_collections_after_rename``)
    take any JSON, as Go's structpb.Value does: a JSON string (``"{\\"db1\\": [\\"c1\\"]}"``)
    or an object (``{"db1": ["c1"]}``).

    Raises:
        BadBody: the body is empty, not JSON, not an object, or a value has the wrong type.
    """
    if not body.strip():
        raise BadBody("the body is empty; send a JSON object")
    try:
        tree = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadBody(f"not valid JSON: {exc}") from None
    message = cls()
    if tree is None:
        return message
    if not isinstance(tree, dict):
        raise BadBody(f"expected a JSON object, got {type(tree).__name__}")
    values = {
        f.name.lower(): f.name
        for f in cls.DESCRIPTOR.fields
        if f.message_type is not None and f.message_type.full_name == "google.protobuf.Value"
    }
    rest: dict[str, Any] = {}
    for key, value in tree.items():
        name = values.get(key.lower())
        if name is None:
            rest[key] = value
        elif value is not None:  # Go leaves a nil *structpb.Value for null
            try:
                json_format.ParseDict(value, getattr(message, name))
            except json_format.ParseError as exc:
                raise BadBody(f"{name}: {exc}") from None
    try:
        codec.from_go_dict(rest, message)
    except LayoutError as exc:
        raise BadBody(str(exc)) from None
    return message


def _filter_as_text(body: bytes) -> bytes:
    """A create body whose ``filter`` is upstream's map, with the filter as our text field.

    Upstream v0.5.9+ takes ``filter`` as ``{"db": {"colls": [...]}}`` (a proto map); this
    service's field is the text syntax of its command line (``db.coll,db.*``), which says the
    same. Anything else is left for ``decode_body`` to judge.
    """
    try:
        tree = json.loads(body)
    except ValueError:
        return body
    if not isinstance(tree, dict):
        return body
    for key, value in tree.items():
        if key.lower() == "filter" and isinstance(value, dict):
            try:
                tree[key] = filter_text_of_map(value)
            except RequestError as exc:
                raise BadBody(str(exc)) from None
            return json.dumps(tree).encode()
    return body


class RestApi:
    """Upstream's routes, answered by the gRPC servicer's request handling."""

    def __init__(
        self, servicer: BackupServicer, auth: TokenAuth | None = None, shapes: str = NEWEST
    ) -> None:
        self.servicer = servicer
        self.shapes = shapes  # server.rest.shapes: the upstream release whose JSON to answer
        self.control = ControlServicer(servicer.service)
        self.policies = PolicyServicer(servicer.service)
        self.auth = auth
        self._routes: dict[tuple[str, str], Callable[[Request], Reply]] = {
            ("GET", f"{API_PREFIX}/hello"): self._hello,
            ("POST", f"{API_PREFIX}/create"): self._create,
            ("GET", f"{API_PREFIX}/list"): self._list,
            ("GET", f"{API_PREFIX}/get_backup"): self._get_backup,
            ("DELETE", f"{API_PREFIX}/delete"): self._delete,
            ("POST", f"{API_PREFIX}/restore"): self._restore,
            ("GET", f"{API_PREFIX}/get_restore"): self._get_restore,
            ("GET", f"{API_PREFIX}/check"): self._check,
            ("GET", f"{API_PREFIX}/tasks"): self._tasks,
            ("POST", f"{API_PREFIX}/cancel"): self._cancel,
            ("GET", f"{API_PREFIX}/policies"): self._list_policies,
            ("GET", f"{API_PREFIX}/policy"): self._get_policy,
            ("POST", f"{API_PREFIX}/policies"): self._create_policy,
            ("PUT", f"{API_PREFIX}/policy"): self._update_policy,
            ("DELETE", f"{API_PREFIX}/policy"): self._delete_policy,
            ("POST", f"{API_PREFIX}/policy/run"): self._run_policy,
            ("GET", f"{API_PREFIX}/policy_runs"): self._policy_runs,
            ("POST", f"{API_PREFIX}/resume"): self._resume,
            ("GET", METRICS_PATH): self._metrics,
            ("GET", STATUS_PAGE_PATH): self._status_page,
        }
        for method in _ANY_METHODS:
            self._routes[(method, "/")] = self._hello

    def handle(self, request: Request) -> Reply:
        """Answer one request; never raises."""
        if (
            self.auth is not None
            and request.path not in _PUBLIC_PATHS
            and not self.auth.rest_exempt(request.path)
        ):
            refusal = self.auth.refusal(request.headers.get("authorization"))
            if refusal is not None:
                log.info("refused %s %s: %s", request.method, request.path, refusal)
                reply = _json_reply({"error": refusal}, HTTPStatus.UNAUTHORIZED)
                return Reply(reply.status, reply.body, headers={"WWW-Authenticate": "Bearer"})
        route = self._routes.get((request.method, request.path))
        if route is None:
            return _text_reply("404 page not found", HTTPStatus.NOT_FOUND)
        try:
            asked = request.query.get("shapes", "").strip().lower()
            if asked and asked not in SHAPES:  # checked before the route runs anything
                raise BadQuery(f"shapes={asked!r}; give {' or '.join(SHAPES)}, or leave it out")
            return route(request)
        except BadBody as exc:
            part = "query" if isinstance(exc, BadQuery) else "body"
            return _json_reply({"error": f"Invalid request {part}: {exc}"}, HTTPStatus.BAD_REQUEST)
        except Exception as exc:
            log.exception("%s %s crashed", request.method, request.path)
            return _json_reply(
                {"error": f"internal error: {exc}"}, HTTPStatus.INTERNAL_SERVER_ERROR
            )

    def _answer(self, route: str, message: Message, request: Request) -> Reply:
        """An upstream route's answer, in the JSON shapes of ``server.rest.shapes``.

        ``?shapes=v0.5.9`` (or ``v0.5.10``) asks for the other shapes for this request.
        """
        shapes = request.query.get("shapes", "").strip().lower() or self.shapes
        restore_bytes = None
        task_id = getattr(getattr(message, "data", None), "id", "")
        if route in ("restore", "get_restore") and isinstance(task_id, str) and task_id:
            restore_bytes = self.servicer.service.restore_bytes(task_id)
        return _json_reply(shape_answer(route, codec.to_go_dict(message), shapes, restore_bytes))

    def _hello(self, request: Request) -> Reply:
        return _text_reply(HELLO)

    def _create(self, request: Request) -> Reply:
        message = decode_body(_filter_as_text(request.body), pb.CreateBackupRequest)
        message.requestId = request.request_id or message.requestId
        return self._answer("create", self.servicer.CreateBackup(message, None), request)

    def _list(self, request: Request) -> Reply:
        message = pb.ListBackupsRequest(
            requestId=request.request_id, collection_name=request.query.get("collection_name", "")
        )
        return self._answer("list", self.servicer.ListBackups(message, None), request)

    def _get_backup(self, request: Request) -> Reply:
        query = request.query
        message = pb.GetBackupRequest(
            requestId=request.request_id,
            backup_name=query.get("backup_name", ""),
            backup_id=query.get("backup_id", ""),
            bucket_name=query.get("bucket_name", ""),
            path=query.get("path", ""),
        )
        return self._answer("get_backup", self.servicer.GetBackup(message, None), request)

    def _delete(self, request: Request) -> Reply:
        message = pb.DeleteBackupRequest(
            requestId=request.request_id, backup_name=request.query.get("backup_name", "")
        )
        return self._answer("delete", self.servicer.DeleteBackup(message, None), request)

    def _restore(self, request: Request) -> Reply:
        message = decode_body(request.body, pb.RestoreBackupRequest)
        message.requestId = request.request_id or message.requestId
        return self._answer("restore", self.servicer.RestoreBackup(message, None), request)

    def _get_restore(self, request: Request) -> Reply:
        message = pb.GetRestoreStateRequest(
            requestId=request.request_id, id=request.query.get("id", "")
        )
        return self._answer("get_restore", self.servicer.GetRestore(message, None), request)

    def _check(self, request: Request) -> Reply:
        # Upstream >= v0.5.10: the check's text on success, a JSON error with HTTP 500 otherwise.
        response = self.servicer.Check(pb.CheckRequest(), None)
        if response.code != pb.Success:
            return _json_reply({"error": response.msg}, HTTPStatus.INTERNAL_SERVER_ERROR)
        return _text_reply(response.msg + "\n")

    def _tasks(self, request: Request) -> Reply:
        query = request.query
        kind = query.get("kind", "").strip().lower()
        if kind not in _TASK_KINDS:
            raise BadQuery(f"kind={query['kind']!r}; give backup or restore, or leave it out")
        finished = query.get("include_finished", "false").strip().lower()
        if finished not in ("true", "false", "1", "0", ""):
            raise BadQuery(f"include_finished={query['include_finished']!r}; give true or false")
        message = cpb.ListTasksRequest(
            requestId=request.request_id,
            kind=_TASK_KINDS[kind],
            include_finished=finished in ("true", "1"),
        )
        return _proto_json_reply(self.control.ListTasks(message, None))

    def _metrics(self, request: Request) -> Reply:
        body, content_type = metrics.exposition(request.headers.get("accept", ""))
        return Reply(HTTPStatus.OK, body, content_type)

    def _status_page(self, request: Request) -> Reply:
        return Reply(
            HTTPStatus.OK,
            _status_page_html(),
            _HTML,
            # The page loads nothing from elsewhere; say so, so a browser refuses if it tried.
            headers={
                "Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'; "
                "script-src 'unsafe-inline'; img-src 'self' data:",
                "Cache-Control": "no-store",
            },
        )

    def _cancel(self, request: Request) -> Reply:
        message = _task_request(request, cpb.CancelTaskRequest())
        return _proto_json_reply(self.control.CancelTask(message, None))

    def _resume(self, request: Request) -> Reply:
        message = _task_request(request, cpb.ResumeTaskRequest())
        return _proto_json_reply(self.control.ResumeTask(message, None))

    # -- policies -------------------------------------------------------------------------

    def _policy_body(self, request: Request) -> cpb.Policy:
        """A Policy from a body that is the Policy itself or a request wrapping it."""
        tree = _json_object(request.body)
        if isinstance(tree.get("policy"), dict):
            tree = tree["policy"]
        return _parse_proto(tree, cpb.Policy())

    def _list_policies(self, request: Request) -> Reply:
        message = cpb.ListPoliciesRequest(requestId=request.request_id)
        return _proto_json_reply(self.policies.ListPolicies(message, None))

    def _get_policy(self, request: Request) -> Reply:
        message = cpb.GetPolicyRequest(
            requestId=request.request_id, name=request.query.get("name", "")
        )
        return _proto_json_reply(self.policies.GetPolicy(message, None))

    def _create_policy(self, request: Request) -> Reply:
        message = cpb.CreatePolicyRequest(
            requestId=request.request_id, policy=self._policy_body(request)
        )
        return _proto_json_reply(self.policies.CreatePolicy(message, None))

    def _update_policy(self, request: Request) -> Reply:
        message = cpb.UpdatePolicyRequest(
            requestId=request.request_id, policy=self._policy_body(request)
        )
        return _proto_json_reply(self.policies.UpdatePolicy(message, None))

    def _delete_policy(self, request: Request) -> Reply:
        message = cpb.DeletePolicyRequest(
            requestId=request.request_id, name=request.query.get("name", "")
        )
        return _proto_json_reply(self.policies.DeletePolicy(message, None))

    def _run_policy(self, request: Request) -> Reply:
        message = cpb.RunPolicyNowRequest(name=request.query.get("name", ""))
        if request.body.strip():
            _parse_proto(_json_object(request.body), message)
        message.requestId = request.request_id or message.requestId
        return _proto_json_reply(self.policies.RunPolicyNow(message, None))

    def _policy_runs(self, request: Request) -> Reply:
        limit = request.query.get("limit", "0").strip() or "0"
        if not limit.lstrip("-").isdigit():
            raise BadQuery(f"limit={limit!r}; give a whole number (0: all runs)")
        message = cpb.ListPolicyRunsRequest(
            requestId=request.request_id, name=request.query.get("name", ""), limit=int(limit)
        )
        return _proto_json_reply(self.policies.ListPolicyRuns(message, None))


def _json_object(body: bytes) -> dict[str, Any]:
    """A body that must be a JSON object.

    Raises:
        BadBody: empty, not JSON, or not an object.
    """
    if not body.strip():
        raise BadBody("the body is empty; send a JSON object")
    try:
        tree = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadBody(f"not valid JSON: {exc}") from None
    if not isinstance(tree, dict):
        raise BadBody(f"expected a JSON object, got {type(tree).__name__}")
    return tree


def _parse_proto(tree: dict[str, Any], message: M) -> M:
    """Fill ``message`` from a JSON object in protobuf's JSON mapping.

    Raises:
        BadBody: a value does not fit its field.
    """
    try:
        json_format.ParseDict(tree, message, ignore_unknown_fields=True)
    except json_format.ParseError as exc:
        raise BadBody(str(exc)) from None
    return message


TaskRequest = TypeVar("TaskRequest", cpb.CancelTaskRequest, cpb.ResumeTaskRequest)


def _task_request(request: Request, message: TaskRequest) -> TaskRequest:
    """A control request naming one task, parsed from a JSON body.

    Raises:
        BadBody: an empty body, or one that is not such a request.
    """
    _parse_proto(_json_object(request.body), message)
    message.requestId = request.request_id or message.requestId
    return message


@functools.cache
def _status_page_html() -> bytes:
    """The status page, read once from the package (``api/status_page.html``)."""
    page = importlib.resources.files("milvus_backup_grpc.api") / "status_page.html"
    return page.read_bytes()


class _HttpServer(ThreadingHTTPServer):
    """A threading HTTP server that knows how many requests are being answered."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], api: RestApi, tls: ssl.SSLContext | None = None
    ) -> None:
        super().__init__(address, _Handler)
        self.api = api
        self.tls = tls
        self._busy = 0
        self._idle = threading.Condition()
        self.stopping = False

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Answer one connection; with TLS, shake hands first, in the connection's thread.

        The handshake runs here rather than in ``accept``, so a client that connects and says
        nothing holds up only its own thread, for at most ``TLS_HANDSHAKE_SECONDS``.
        """
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        try:
            request.settimeout(TLS_HANDSHAKE_SECONDS)
            connection = self.tls.wrap_socket(request, server_side=True)
        except (OSError, ValueError) as exc:  # plaintext HTTP, no client certificate, ...
            log.info("TLS handshake with %s failed: %s", client_address[0], exc)
            return
        try:
            super().finish_request(connection, client_address)
        finally:
            # The wrapped socket owns the descriptor now; shutdown_request sees a detached one.
            with suppress(OSError):
                connection.shutdown(socket.SHUT_WR)
            connection.close()

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Count one request in progress for the duration of the block."""
        with self._idle:
            self._busy += 1
        try:
            yield
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for running requests; True if none is left."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout=timeout)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "milvus-backup-grpc"
    timeout = 60  # idle keep-alive connections are dropped after this many seconds
    server: _HttpServer

    def _dispatch(self) -> None:
        started = time.monotonic()
        with self.server.busy():
            parts = urlsplit(self.path)
            path = parts.path.rstrip("/") or "/"
            query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            try:
                body = self._read_body()
            except BadBody as exc:
                reply = _json_reply(
                    {"error": f"Invalid request body: {exc}"}, HTTPStatus.BAD_REQUEST
                )
                self.close_connection = True  # the rest of the body may still be unread
            else:
                if self.server.stopping:  # a kept-alive connection, after stop() began
                    reply = _json_reply(
                        {"error": "the server is shutting down"}, HTTPStatus.SERVICE_UNAVAILABLE
                    )
                else:
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    request = Request(self.command, path, query, headers, body)
                    reply = self.server.api.handle(request)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if self.server.stopping:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
        log.info(
            "%s %s %d %.1fms",
            self.command,
            parts.path,
            reply.status,
            (time.monotonic() - started) * 1000,
        )

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        length_text = self.headers.get("Content-Length") or "0"
        try:
            length = int(length_text)
        except ValueError:
            raise BadBody(f"bad Content-Length {length_text!r}") from None
        if length > MAX_BODY_BYTES:
            raise BadBody(f"larger than {MAX_BODY_BYTES} bytes")
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise BadBody("malformed chunked encoding") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise BadBody(f"larger than {MAX_BODY_BYTES} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        log.debug("%s: " + format, self.address_string(), *args)


for _method in _ANY_METHODS:
    setattr(_Handler, f"do_{_method}", _Handler._dispatch)


class RunningRestServer:
    """A started REST server: its port, and a graceful stop."""

    def __init__(self, httpd: _HttpServer, thread: threading.Thread) -> None:
        self._httpd = httpd
        self.scheme = "https" if httpd.tls is not None else "http"
        self._thread = thread
        self.host: str = httpd.server_address[0]  # type: ignore[assignment]
        self.port: int = httpd.server_address[1]

    @property
    def url(self) -> str:
        """The API's base URL, e.g. ``http://127.0.0.1:8080/api/v1`` (https with TLS)."""
        return f"{self.scheme}://{self.host}:{self.port}{API_PREFIX}"

    def stop(self, grace: float = 10.0) -> None:
        """Stop taking requests, and wait up to ``grace`` seconds for those running.

        The engine is left open: whoever made the BackupService closes it.
        """
        if self._httpd.stopping:
            return
        self._httpd.stopping = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        if not self._httpd.wait_idle(grace):
            log.warning("REST requests still running after %.0fs; leaving them", grace)
        log.info("REST API on %s:%d stopped", self.host, self.port)


def start_rest_server(
    service: BackupService | BackupServicer,
    port: int,
    host: str = "0.0.0.0",
    security: ServerSecurity | None = None,
) -> RunningRestServer:
    """Serve upstream's REST API on ``host:port`` in a background thread.

    ``service`` is the engine the gRPC server uses (or that server's servicer). Port 0 picks
    a free port; the chosen one is on the returned server. ``security`` adds TLS (or mutual
    TLS) and a bearer-token check, as on the gRPC listener.

    Raises:
        BackupError: the address cannot be listened on.
    """
    servicer = service if isinstance(service, BackupServicer) else BackupServicer(service)
    security = security or ServerSecurity()
    try:
        httpd = _HttpServer(
            (host, port),
            RestApi(servicer, security.auth, servicer.service.config.server.rest_shapes),
            security.tls.ssl_context if security.tls is not None else None,
        )
    except OSError as exc:
        raise BackupError(
            f"cannot listen on {host}:{port} for the REST API ({exc.strerror or exc}); "
            "choose another -p/--port, or -p 0 to serve gRPC only"
        ) from exc
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="rest", daemon=True
    )
    thread.start()
    running = RunningRestServer(httpd, thread)
    log.info("serving the REST API on %s", running.url)
    return running
