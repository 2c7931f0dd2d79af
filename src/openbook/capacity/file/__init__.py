"""The capacity feature's file formats (JSON), each loader → (value or None, issues)."""
