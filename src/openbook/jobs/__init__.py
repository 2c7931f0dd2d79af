"""Background jobs every process can see: a store-backed queue (the `job` table), the
registry of what each kind of job runs, and the worker thread each web process runs."""
