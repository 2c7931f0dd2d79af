"""The governance feature as the composition root sees it: it subscribes to every other
feature's events and runs every feature's rule providers."""

from pathlib import Path

from openbook.governance import subscriber, tables
from openbook.governance.spc_note_check import SpcNoteCheck
from openbook.kernel.feature import Feature

FEATURE = Feature(
    "governance",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
    wire=subscriber.wire,
    state_checks=(SpcNoteCheck(),),
)
