"""Jobs that feed the workflows from outside a request: stream consumers (NATS JetStream) now,
batch partition functions (local process pool, Apache Spark) as issue 8 adds them.

A job is a face like the API and the CLI: it parses what arrives, runs the same workflows in
their own units of work and reports what happened; it holds no business rule of its own.
"""
