"""Where in a YAML text a path like `$.people[3].credentials[0].kind` is: its line, so that
every problem in a register reads `register.yaml:41:$.people[3].credentials[0].kind: ...`.

Only called on a text `kernel.yaml_reader.parse_yaml` has already read (size and aliases
bounded); the node tree is composed once, never built into objects."""

from __future__ import annotations

import re
from dataclasses import replace

import yaml

from openbook.kernel.error import DataIssue

_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def _child(node: yaml.Node, key: str | None, index: int | None) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and key is not None:
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                value: yaml.Node = v
                return value
        return None
    if isinstance(node, yaml.SequenceNode) and index is not None and index < len(node.value):
        found: yaml.Node = node.value[index]
        return found
    return None


def line_of(root: yaml.Node | None, path: str) -> int | None:
    """The 1-based line of the deepest node of `path` that exists (None for no document)."""
    if root is None or not path.startswith("$"):
        return None
    node = root
    for key, index in _STEP.findall(path[1:]):
        found = _child(node, key or None, int(index) if index else None)
        if found is None:
            break
        node = found
    return node.start_mark.line + 1


def with_lines(text: str, issues: list[DataIssue]) -> list[DataIssue]:
    """The issues, each with the line its YAML path points to."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return issues
    return [
        replace(issue, row=line_of(root, issue.column))
        if issue.row is None and issue.column
        else issue
        for issue in issues
    ]
