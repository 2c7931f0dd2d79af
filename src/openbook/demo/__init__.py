"""The Dorset demonstration system: a deterministic generator (pure) and shipped real data."""
