"""Gateway to Milvus over gRPC and conversions between its schema and the backup model."""
