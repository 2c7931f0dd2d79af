"""Activity analytics: patient-level extracts aggregated with DuckDB, plans, shadow PbR."""
