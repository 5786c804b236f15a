"""Helpers for testing against a real Milvus: not part of the backup service itself.

- ``embedded``: start the PyPI ``milvus`` package's embedded server on free ports;
- ``sample``: create a sample collection that exercises every data kind the tests cover;
- ``compare``: the restore oracle, comparing two collections row by row and per partition;
- ``slow``: local storage that copies slowly, to watch or cancel a backup mid-copy.

The demo and the test suite use them; users may too, to check their own restores.
"""
