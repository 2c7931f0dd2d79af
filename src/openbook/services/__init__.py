"""Use cases. Each owns its transaction and writes the audit event of every change."""
