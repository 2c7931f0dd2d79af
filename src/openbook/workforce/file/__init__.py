"""Workforce file formats: the Curtois & Qu text format, rosters as JSON, the passport register.

Each `parse_*` takes text and a source name and returns (value or None, issues): every problem
is reported at once with its line (or YAML path), and no value is returned unless all is valid.
"""
