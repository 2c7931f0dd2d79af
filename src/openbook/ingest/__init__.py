"""Files in, (records, issues) out. Never raises on bad data."""
