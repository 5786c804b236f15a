"""Securing the service's own listeners: TLS, mutual TLS and a bearer token, for both doors.

``load_security`` reads the ``server.*`` settings once, before anything listens, and checks
every file it names (a bad one is a ``ConfigError`` naming its key). What it returns is
handed to both listeners:

- TLS: the gRPC server gets ``grpc.ssl_server_credentials`` and the REST server an
  ``ssl.SSLContext``, from the same certificate and key. With ``server.tls.clientAuth:
  require`` both insist on a client certificate signed by ``server.tls.caCertPath``.
- Token: gRPC calls must carry metadata ``authorization: Bearer <token>`` (else
  UNAUTHENTICATED) and HTTP requests the same header (else HTTP 401). Health checks and
  reflection are exempt unless configured otherwise. Tokens are compared in constant time
  and never written to the log.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc

from ..config import ServerConfig
from ..errors import ConfigError

log = logging.getLogger(__name__)

# gRPC services a token need not open (each with exemptHealth / exemptReflection).
_HEALTH_PREFIXES = ("/grpc.health.v1.Health/",)
_REFLECTION_PREFIXES = (
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
)
# Upstream's REST liveness routes ("Hello, This is backup service").
_REST_HEALTH_PATHS = frozenset({"/", "/api/v1/hello"})
_HOW = "send 'authorization: Bearer <token>' (an HTTP header, or gRPC metadata)"


@dataclass(frozen=True)
class ServerTls:
    """The listeners' certificate, key and (for mutual TLS) client CA, already checked."""

    certificate_chain: bytes
    private_key: bytes = field(repr=False)
    client_ca: bytes | None
    ssl_context: ssl.SSLContext = field(repr=False)

    @property
    def require_client_auth(self) -> bool:
        """True for mutual TLS: clients must present a certificate the CA signed."""
        return self.client_ca is not None

    def grpc_credentials(self) -> grpc.ServerCredentials:
        """Credentials for ``grpc.Server.add_secure_port``."""
        return grpc.ssl_server_credentials(
            [(self.private_key, self.certificate_chain)],
            root_certificates=self.client_ca,
            require_client_auth=self.require_client_auth,
        )


class TokenAuth:
    """A bearer token every call must carry, except on the exempt health/reflection services."""

    def __init__(
        self, token: str, exempt_health: bool = True, exempt_reflection: bool = True
    ) -> None:
        # Digests have one length, so comparing them leaks not even the token's length.
        self._digest = hashlib.sha256(token.encode()).digest()
        self.exempt_health = exempt_health
        self.exempt_reflection = exempt_reflection

    def __repr__(self) -> str:
        return (
            f"TokenAuth(exempt_health={self.exempt_health}, "
            f"exempt_reflection={self.exempt_reflection})"
        )

    def refusal(self, header: str | None) -> str | None:
        """Why an ``authorization`` value does not authenticate, or None when it does."""
        if not header or not header.strip():
            return f"authentication required: {_HOW}"
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return f"the authorization is not a bearer token: {_HOW}"
        digest = hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()
        if not hmac.compare_digest(digest, self._digest):
            return "the bearer token is not valid"
        return None

    def grpc_exempt(self, method: str) -> bool:
        """True if a gRPC method (``/package.Service/Method``) needs no token."""
        return (self.exempt_health and method.startswith(_HEALTH_PREFIXES)) or (
            self.exempt_reflection and method.startswith(_REFLECTION_PREFIXES)
        )

    def rest_exempt(self, path: str) -> bool:
        """True if an HTTP path needs no token (upstream's hello routes, as health)."""
        return self.exempt_health and path in _REST_HEALTH_PATHS

    def grpc_interceptor(self) -> grpc.ServerInterceptor:
        """A server interceptor that refuses calls without the token as UNAUTHENTICATED."""
        return _TokenInterceptor(self)


def _metadata_value(metadata: Iterable[tuple[str, Any]] | None, key: str) -> str | None:
    for name, value in metadata or ():
        if name == key:
            return value if isinstance(value, str) else None
    return None


def _refusing(handler: grpc.RpcMethodHandler, message: str) -> grpc.RpcMethodHandler:
    """A handler of the same shape as ``handler`` that ends every call UNAUTHENTICATED."""

    def refuse(_request: Any, context: grpc.ServicerContext) -> Any:
        context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    make: Callable[..., grpc.RpcMethodHandler]
    if handler.request_streaming and handler.response_streaming:
        make = grpc.stream_stream_rpc_method_handler
    elif handler.request_streaming:
        make = grpc.stream_unary_rpc_method_handler
    elif handler.response_streaming:
        make = grpc.unary_stream_rpc_method_handler
    else:
        make = grpc.unary_unary_rpc_method_handler
    return make(
        refuse,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


class _TokenInterceptor(grpc.ServerInterceptor):  # type: ignore[misc]  # grpc is untyped
    def __init__(self, auth: TokenAuth) -> None:
        self._auth = auth

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None or self._auth.grpc_exempt(handler_call_details.method):
            return handler
        header = _metadata_value(handler_call_details.invocation_metadata, "authorization")
        refusal = self._auth.refusal(header)
        if refusal is None:
            return handler
        log.info("refused %s: %s", handler_call_details.method, refusal)
        return _refusing(handler, refusal)


@dataclass(frozen=True)
class ServerSecurity:
    """What both listeners enforce: TLS (None for plaintext) and a token (None for none)."""

    tls: ServerTls | None = None
    auth: TokenAuth | None = None

    def describe(self) -> str:
        """A few words for the startup line, e.g. "mutual TLS, bearer token"; "" if none."""
        parts = []
        if self.tls is not None:
            parts.append("mutual TLS" if self.tls.require_client_auth else "TLS")
        if self.auth is not None:
            parts.append("bearer token")
        return ", ".join(parts)


def _read(path: str, key: str, marker: bytes, what: str) -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"{key} {path!r} cannot be read: {exc.strerror or exc}") from exc
    if marker not in data:
        raise ConfigError(f"{key} {path!r} holds no PEM {what}")
    return data


def _no_passphrase() -> bytes:
    raise ConfigError("server.tls.keyPath holds an encrypted private key; give an unencrypted one")


def load_server_tls(config: ServerConfig) -> ServerTls | None:
    """Read and check the listeners' certificate, key and client CA; None without TLS.

    Raises:
        ConfigError: a file is missing, unreadable or not what its key says; the message
            names the key.
    """
    if not config.tls:
        return None
    cert_path, key_path = config.tls_cert_path, config.tls_key_path
    cert = _read(cert_path, "server.tls.certPath", b"-----BEGIN CERTIFICATE-----", "certificate")
    key = _read(key_path, "server.tls.keyPath", b"PRIVATE KEY-----", "private key")
    if b"ENCRYPTED" in key:
        _no_passphrase()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_alpn_protocols(["http/1.1"])
    try:
        context.load_cert_chain(cert_path, key_path, password=_no_passphrase)
    except ssl.SSLError as exc:
        raise ConfigError(
            f"server.tls.certPath {cert_path!r} and server.tls.keyPath {key_path!r} cannot be "
            f"used together: {exc.reason or exc}; the key must be the certificate's own"
        ) from exc
    client_ca = None
    if config.tls_client_auth == "require":
        ca_path = config.tls_ca_cert_path
        client_ca = _read(
            ca_path, "server.tls.caCertPath", b"-----BEGIN CERTIFICATE-----", "certificate"
        )
        try:
            context.load_verify_locations(cadata=client_ca.decode("ascii", "replace"))
        except ssl.SSLError as exc:
            raise ConfigError(
                f"server.tls.caCertPath {ca_path!r} holds no usable CA certificate: "
                f"{exc.reason or exc}"
            ) from exc
        context.verify_mode = ssl.CERT_REQUIRED
    return ServerTls(cert, key, client_ca, context)


def load_security(config: ServerConfig) -> ServerSecurity:
    """What the listeners enforce under ``config``; files are read and checked now.

    Raises:
        ConfigError: a TLS file is missing or unusable (the message names its key).
    """
    auth = (
        TokenAuth(config.auth_token, config.auth_exempt_health, config.auth_exempt_reflection)
        if config.auth_token
        else None
    )
    return ServerSecurity(load_server_tls(config), auth)
