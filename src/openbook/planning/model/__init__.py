"""The planning model: pure, exactly reproducible by hand (no store, no I/O)."""
