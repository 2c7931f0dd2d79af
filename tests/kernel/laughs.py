"""The entity-expansion ("billion laughs") YAML of issue 13: under 400 bytes that stand for
9**8 = 43 million strings once the aliases are followed."""

from __future__ import annotations

from itertools import pairwise

LEVELS = "abcdefgh"


def laughs(tail: str) -> str:
    """The nested anchors, then `tail` (which may use *h, the largest)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for before, level in pairwise(LEVELS):
        lines.append(f"{level}: &{level} [{','.join([f'*{before}'] * 9)}]")
    return "\n".join([*lines, tail]) + "\n"


SYSTEM_LAUGHS = laughs("system: {code: QXX, name: *h}\norganisations: []\nyears: {}")
GOVERNANCE_LAUGHS = laughs("system: QVV\nbodies: *h")
