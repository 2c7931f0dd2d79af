"""How much of an input openbook will read: the limits that keep one file from taking the
server (or the command line) down, in one place. docs/security.md, "Limits on input", gives
each with the attack that motivated it.

The limits are the same for the web, the API and the CLI, since all read files through the
kernel's table reader, YAML reader and `read_file`.
"""

from __future__ import annotations

from pathlib import Path

from openbook.kernel.error import MAX_ISSUES, DataIssue, OpenbookError, cap_issues

__all__ = ["MAX_ISSUES", "cap_issues"]  # the cap lives with DataIssue; named here too

MAX_TABLE_FILE_BYTES = 20_000_000  # a CSV or XLSX file; a monthly return is a few kB
MAX_TABLE_ROWS = 100_000  # rows of data read from one table (CSV or sheet)
MAX_TABLE_COLUMNS = 200  # columns read from one table
MAX_XLSX_UNCOMPRESSED = 100_000_000  # all members of an XLSX archive, decompressed
MAX_XLSX_RATIO = 100  # decompressed / compressed size of an XLSX archive
MAX_XLSX_MEMBERS = 1000  # files inside an XLSX archive
MAX_YAML_BYTES = 1_000_000  # a system, governance, register or rota file
MAX_YAML_ALIASES = 10  # aliases (*name) in one YAML document: 10 can repeat a section ~60 times
MAX_NAME = 200  # the name of a system, organisation, body or person read from a file
MAX_TITLE = 300  # an escalation's or a decision's title
MAX_TEXT = 10_000  # an escalation's detail, what a decision decided, its options
MAX_REASON = 2000  # a reason, note or comment: rejecting, withdrawing, resolving, escalating


def describe_bytes(size: int) -> str:
    """1_000_000 -> '1 MB', 204_800 -> '205 kB', as people read sizes."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    if size >= 1000:
        return f"{round(size / 1000)} kB"
    return f"{size} bytes"


def too_large(source: str, size: int, limit: int, what: str = "file") -> DataIssue:
    found, most = describe_bytes(size), describe_bytes(limit)
    if found == most:  # just over: the rounded sizes would read alike
        found, most = f"{size:,} bytes", f"{limit:,} bytes"
    return DataIssue(
        source, f"is {found}; a {what} may be at most {most}", found=found, expected=most
    )


def read_file(path: Path, limit: int, what: str = "file") -> tuple[bytes | None, list[DataIssue]]:
    """The file's bytes, or why not: its size is checked before any of it is read."""
    source = path.name
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [too_large(source, size, limit, what)]
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # a file that grew since the check stays bounded
    except OSError as error:
        return None, [DataIssue(source, f"cannot be read: {error.strerror}")]
    if len(data) > limit:
        return None, [too_large(source, len(data), limit, what)]
    return data, []


def require_length(text: str | None, label: str, maximum: int) -> None:
    """Refuse free text longer than `maximum` characters, naming it ("the reason is 12,000
    characters long; at most 2,000"). Use cases call this, so the CLI is bounded too."""
    if text is not None and len(text) > maximum:
        raise OpenbookError(f"{label} is {len(text):,} characters long; at most {maximum:,}")
