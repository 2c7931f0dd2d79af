"""Medium-term financial planning: multi-year envelopes, the do-nothing gap and its bridge."""
