"""MilvusService's methods as gRPC callables, made on first use from the service descriptor.

Why not a generated ``_grpc`` stub: it builds a callable for every one of the service's
140-odd methods when constructed and is the largest module to import, while a backup calls
about twenty. The method path and the message classes come from the same descriptor as the
generated messages (milvuspb), so the wire is what a generated stub would send.
"""

from __future__ import annotations

import threading
from typing import Any

import grpc
from google.protobuf import message_factory

from ..milvuspb import milvus_pb2

SERVICE = milvus_pb2.DESCRIPTOR.services_by_name["MilvusService"]


class MilvusServiceStub:
    """Unary MilvusService methods on one channel, by name (``stub.method("Flush")``)."""

    def __init__(self, channel: grpc.Channel) -> None:
        self._channel = channel
        self._methods: dict[str, grpc.UnaryUnaryMultiCallable] = {}
        self._lock = threading.Lock()

    def method(self, name: str) -> grpc.UnaryUnaryMultiCallable:
        """The callable of method ``name``; an unknown or streaming method raises KeyError."""
        callable_ = self._methods.get(name)
        if callable_ is not None:
            return callable_
        descriptor = SERVICE.methods_by_name.get(name)
        if descriptor is None or descriptor.client_streaming or descriptor.server_streaming:
            raise KeyError(f"MilvusService has no unary method {name!r}")
        response: Any = message_factory.GetMessageClass(descriptor.output_type)
        callable_ = self._channel.unary_unary(
            f"/{SERVICE.full_name}/{name}",
            request_serializer=_serialize,
            response_deserializer=response.FromString,
        )
        with self._lock:
            self._methods[name] = callable_
        return callable_


def _serialize(message: Any) -> bytes:
    return bytes(message.SerializeToString())
