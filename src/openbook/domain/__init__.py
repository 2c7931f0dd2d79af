"""Pure domain model: no I/O, no SQL, no web. Imports nothing else of openbook."""
