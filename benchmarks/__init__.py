"""Benchmarks of milvus-backup-grpc (issue 6): throughput, restore time, memory and scale.

``python -m benchmarks`` (``make bench``) starts an embedded Milvus on local storage and one on
a moto S3 server, loads vector collections of the configured sizes, runs the service as a real
``milvus-backup-grpc server`` process, and measures it against raw copies (``cp -r``, plain
boto3) and against Milvus importing the same binlogs directly. The report goes to
``benchmarks/RESULTS.md``.
"""
