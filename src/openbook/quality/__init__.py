"""Quality: the monthly quality return per provider, funnels across providers and the
quality surveillance rules (docs/quality.md)."""
