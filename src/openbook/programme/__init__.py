"""The acute collaboration programme: service lines and enabling workstreams, milestones,
investment and benefits, tied to the money (docs/programme.md)."""
