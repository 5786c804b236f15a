"""Transports over the engine: the gRPC server and its request/response conversions."""
