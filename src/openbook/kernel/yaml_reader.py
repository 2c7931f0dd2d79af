"""Read a YAML file (a system, governance, register or rota file) safely and bounded.

`yaml.safe_load` builds no arbitrary objects, but it does follow aliases: a 390-byte document
of nested anchors (`a: &a [x, x, ...]`, `b: &b [*a, *a, ...]`, ...) stands for billions of
values, and anything that walks or prints the result (a system name made of it) runs out of
memory. So every YAML input goes through `parse_yaml`: the text's size is capped, and a
document with more than MAX_YAML_ALIASES aliases is refused before it is built. (None of
openbook's own files uses an alias.)
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import yaml

from openbook.kernel.error import DataIssue
from openbook.kernel.input_limit import MAX_YAML_ALIASES, MAX_YAML_BYTES, read_file, too_large


class TooManyAliases(yaml.YAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, counting aliases as the document is composed."""

    aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise TooManyAliases(
                    f"more than {MAX_YAML_ALIASES} aliases (*name); at most {MAX_YAML_ALIASES} "
                    "are allowed, since each may stand for a copy of a whole section"
                )
        return super().compose_node(parent, index)


# Stored documents (a programme, a governance file) are parsed again by every evaluation of
# the escalation rules, i.e. on every submission; PyYAML's pure-Python parser made that most
# of a submission's time. The same text parses to the same data, so keep the latest parses
# (by the text's hash) and hand out copies, which callers may change.
_PARSED: OrderedDict[tuple[str, str], tuple[Any, list[DataIssue]]] = OrderedDict()
_PARSED_KEEP = 32
_PARSED_LOCK = threading.Lock()


def parse_yaml(text: str, source: str) -> tuple[Any, list[DataIssue]]:
    """The document's data (None if it is empty) and no issues, or None and why not."""
    key = (hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest(), source)
    with _PARSED_LOCK:
        parsed = _PARSED.get(key)
        if parsed is not None:
            _PARSED.move_to_end(key)
    if parsed is None:
        parsed = _parse(text, source)
        with _PARSED_LOCK:
            _PARSED[key] = parsed
            if len(_PARSED) > _PARSED_KEEP:
                _PARSED.popitem(last=False)
    data, issues = parsed
    return copy.deepcopy(data), list(issues)


def _parse(text: str, source: str) -> tuple[Any, list[DataIssue]]:
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_YAML_BYTES:
        return None, [too_large(source, size, MAX_YAML_BYTES, "YAML file")]
    loader = None
    try:
        loader = _BoundedLoader(text)  # its reader refuses control characters here
        return loader.get_single_data(), []
    except TooManyAliases as error:
        return None, [
            DataIssue(source, f"is refused: it has {error}", hint="write each value out in full")
        ]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        return None, [DataIssue(source, f"is not valid YAML: {error}", row=row)]
    except (ValueError, TypeError, RecursionError) as error:  # a date like 2018-02-30
        return None, [DataIssue(source, f"is not valid YAML: {error}")]
    finally:
        if loader is not None:
            loader.dispose()


def load_yaml(path: Path) -> tuple[Any, list[DataIssue]]:
    """`parse_yaml` of a UTF-8 file, whose size is checked before it is read."""
    data, issues = read_file(path, MAX_YAML_BYTES, "YAML file")
    if data is None:
        return None, issues
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [
            DataIssue(
                path.name,
                f"cannot be read as UTF-8 text: byte 0x{data[error.start]:02X} at position "
                f"{error.start:,}",
                expected="a YAML file in UTF-8",
            )
        ]
    return parse_yaml(text, path.name)
