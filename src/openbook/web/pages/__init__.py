"""One module per group of pages; each exposes `router`."""
