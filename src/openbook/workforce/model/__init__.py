"""The county passport: pure functions on frozen dataclasses."""
