"""External anchors of the audit chain: its head (sequence and hash) written somewhere the
store's own database user cannot rewrite, so that a history rewritten inside the store, with
every later hash recomputed, or cut short with the head rewound, no longer matches.

Two places take anchors: an append-only JSON-lines file (one anchor a line, never rewritten)
and a second database the application only inserts into (table `audit_anchor`). Each anchor
names the store it was taken of, so one file can serve several stores.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from openbook.kernel.audit import GENESIS_HASH, ChainProblem, list_chains
from openbook.kernel.tables import STORE_CHAIN, AuditEventRow

if TYPE_CHECKING:
    from openbook.kernel.database import Database

ANCHOR_TARGETS = "audit_anchor_targets"  # Database.extensions key: where issuing anchors
ROOT = "all"  # the chain name of the root over every chain


@dataclass(frozen=True)
class AuditHead:
    """A chain's head; or the store's root over every chain (`chain` "all"): with one chain
    the root is that chain's head, with several its sequence is the events in all of them
    and its hash the SHA-256 of every chain's head, so any write anywhere changes it."""

    sequence: int
    hash: str
    chain: str = STORE_CHAIN

    @property
    def label(self) -> str:
        """'#N abc123def456…', as board packs and the audit page print it."""
        return f"#{self.sequence} {self.hash[:12]}…"


@dataclass(frozen=True)
class Anchor:
    store: str  # which store (store_identity): anchors of other stores are not checked
    sequence: int  # the event's place in its chain
    hash: str
    anchored_at: datetime
    chain: str = STORE_CHAIN

    def as_dict(self) -> dict[str, Any]:
        line: dict[str, Any] = {
            "store": self.store,
            "sequence": self.sequence,
            "hash": self.hash,
            "anchored_at": self.anchored_at.isoformat(),
        }
        if self.chain != STORE_CHAIN:  # a store chain's anchor keeps the shape it always had
            line["chain"] = self.chain
        return line


@dataclass(frozen=True)
class PlacedAnchor:
    """An anchor and where it was read from, e.g. 'anchors.jsonl line 3'."""

    where: str
    anchor: Anchor


def store_identity(engine: Engine) -> str:
    """The store an anchor is of: backend, host, port and database (a SQLite file by its
    absolute path), never the user or password, so the application and an auditor with
    different credentials name the same store alike."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ":memory:"
        if database != ":memory:":
            database = str(Path(database).resolve())
        return f"sqlite:///{database}"
    port = f":{url.port}" if url.port else ""
    return f"{url.get_backend_name()}://{url.host or ''}{port}/{url.database or ''}"


def read_heads(session: Session) -> list[AuditHead]:
    """Every chain's head, the store's first."""
    return [AuditHead(row.last_sequence, row.last_hash, row.chain) for row in list_chains(session)]


def read_head(session: Session, chain: str | None = None) -> AuditHead:
    """One chain's head, or (None) the root over every chain."""
    heads = read_heads(session)
    if chain is not None:
        found = [head for head in heads if head.chain == chain]
        return found[0] if found else AuditHead(0, GENESIS_HASH, chain)
    return root_of(heads)


def root_of(heads: Sequence[AuditHead]) -> AuditHead:
    if not heads:
        return AuditHead(0, GENESIS_HASH)
    if len(heads) == 1 and heads[0].chain == STORE_CHAIN:
        return heads[0]
    lines = "".join(f"{h.chain} {h.sequence} {h.hash}\n" for h in sorted(heads, key=_by_chain))
    digest = hashlib.sha256(lines.encode()).hexdigest()
    return AuditHead(sum(head.sequence for head in heads), digest, ROOT)


def _by_chain(head: AuditHead) -> str:
    return head.chain


class AnchorTarget(Protocol):
    """Somewhere anchors are appended to and read back from."""

    name: str

    def append(self, anchor: Anchor) -> None: ...

    def read(self) -> list[PlacedAnchor]: ...


class FileAnchors:
    """A JSON-lines file opened for appending only; each line is one anchor."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)

    def append(self, anchor: Anchor) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(anchor.as_dict(), sort_keys=True) + "\n"
        with self.path.open("a", encoding="utf-8") as file:
            file.write(line)

    def read(self) -> list[PlacedAnchor]:
        if not self.path.exists():
            raise FileNotFoundError(f"no anchor file at {self.path}")
        placed = []
        with self.path.open(encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                if line.strip():
                    placed.append(PlacedAnchor(f"{self.name} line {number}", _parse(line)))
        return placed


def _parse(line: str) -> Anchor:
    raw = json.loads(line)
    return Anchor(
        str(raw["store"]),
        int(raw["sequence"]),
        str(raw["hash"]),
        datetime.fromisoformat(str(raw["anchored_at"])),
        str(raw.get("chain", STORE_CHAIN)),
    )


ANCHOR_METADATA = MetaData()  # not the store's: this table lives in the anchor database
ANCHOR_TABLE = Table(
    "audit_anchor",
    ANCHOR_METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("store", String(500), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("anchored_at", DateTime(timezone=True), nullable=False),
    Column("chain", String(12), nullable=True),  # NULL: the store's chain (older anchors)
)
ADD_CHAIN = "ALTER TABLE audit_anchor ADD COLUMN chain VARCHAR(12)"
# On SQLite the table refuses changes itself; on PostgreSQL the application's role is given
# INSERT and SELECT only (docs/security.md, "Audit chain").
SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE ON audit_anchor "
    "BEGIN SELECT RAISE(ABORT, 'audit_anchor is append-only'); END",
    "CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor "
    "BEGIN SELECT RAISE(ABORT, 'audit_anchor is append-only'); END",
)


class DatabaseAnchors:
    """The `audit_anchor` table of a second database, created on first use if missing."""

    def __init__(self, url: str) -> None:
        from openbook.kernel.database import make_engine, redact_url

        self.engine = make_engine(url)
        self.name = redact_url(url)

    def _ensure_table(self) -> None:
        found = inspect(self.engine)
        if found.has_table("audit_anchor"):
            if "chain" not in {column["name"] for column in found.get_columns("audit_anchor")}:
                with self.engine.begin() as connection:  # an anchor database from before chains
                    connection.execute(
                        text("ALTER TABLE audit_anchor ADD COLUMN chain VARCHAR(12)")
                    )
            return
        with self.engine.begin() as connection:
            ANCHOR_METADATA.create_all(connection)
            if self.engine.dialect.name == "sqlite":
                for statement in SQLITE_APPEND_ONLY:
                    connection.execute(text(statement))

    def append(self, anchor: Anchor) -> None:
        self._ensure_table()
        with self.engine.begin() as connection:
            connection.execute(
                insert(ANCHOR_TABLE).values(
                    store=anchor.store,
                    sequence=anchor.sequence,
                    hash=anchor.hash,
                    anchored_at=anchor.anchored_at,
                    chain=None if anchor.chain == STORE_CHAIN else anchor.chain,
                )
            )

    def read(self) -> list[PlacedAnchor]:
        self._ensure_table()
        with self.engine.connect() as connection:
            rows = connection.execute(select(ANCHOR_TABLE).order_by(ANCHOR_TABLE.c.id)).all()
        return [
            PlacedAnchor(
                f"{self.name} audit_anchor id {row.id}",
                Anchor(
                    row.store,
                    row.sequence,
                    row.hash,
                    _aware(row.anchored_at),
                    row.chain or STORE_CHAIN,
                ),
            )
            for row in rows
        ]

    def dispose(self) -> None:
        self.engine.dispose()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def attach_anchor_targets(db: Database, targets: Sequence[AnchorTarget]) -> None:
    """Where this store's anchors go when a use case (issuing a board pack) records one."""
    db.extensions[ANCHOR_TARGETS] = tuple(targets)


def anchor_targets(db: Database) -> tuple[AnchorTarget, ...]:
    targets: tuple[AnchorTarget, ...] = db.extensions.get(ANCHOR_TARGETS, ())
    return targets


def _hashes(session: Session, chain: str, sequences: set[int]) -> dict[int, str]:
    query = select(AuditEventRow.chain_sequence, AuditEventRow.hash).where(
        AuditEventRow.chain == chain, AuditEventRow.chain_sequence.in_(sequences)
    )
    return {int(row.chain_sequence): str(row.hash) for row in session.execute(query)}


def _batches(values: list[int], size: int = 500) -> Iterator[set[int]]:
    for start in range(0, len(values), size):
        yield set(values[start : start + size])


def check_anchors(
    session: Session, store: str, source: str, placed: Sequence[PlacedAnchor]
) -> list[ChainProblem]:
    """Each anchor of this store against the chain as it is now: the anchored event must
    still be there with the anchored hash. With the chain itself intact (verify_chain), that
    proves every event up to the anchor is as it was when anchored."""
    mine = [p for p in placed if p.anchor.store == store]
    if not mine:
        stores = sorted({p.anchor.store for p in placed})
        found = f"; it holds anchors of {', '.join(stores)}" if stores else "; it is empty"
        return [ChainProblem(None, f"{source} holds no anchor of this store ({store}){found}")]
    problems: list[ChainProblem] = []
    for chain in sorted({p.anchor.chain for p in mine}):
        in_chain = [p for p in mine if p.anchor.chain == chain]
        last = read_head(session, chain).sequence
        hashes: dict[int, str] = {}
        for batch in _batches(sorted({p.anchor.sequence for p in in_chain})):
            hashes.update(_hashes(session, chain, batch))
        problems.extend(
            problem for p in in_chain if (problem := _check_one(p, hashes, last)) is not None
        )
    return problems


def _check_one(placed: PlacedAnchor, hashes: dict[int, str], last: int) -> ChainProblem | None:
    anchor = placed.anchor
    chain = "" if anchor.chain == STORE_CHAIN else f"chain {anchor.chain} "
    what = (
        f"anchor at {placed.where} ({chain}event {anchor.sequence}, {anchor.hash[:12]}…, "
        f"anchored {anchor.anchored_at:%Y-%m-%d %H:%M:%S} UTC)"
    )
    found = hashes.get(anchor.sequence)
    if found is None:
        return ChainProblem(
            anchor.sequence,
            f"{what}: the event is gone and the log ends at event {last}: "
            "the last events were deleted and the head rewound",
            anchor.chain,
        )
    if found != anchor.hash:
        return ChainProblem(
            anchor.sequence,
            f"{what}: the event's hash is now {found[:12]}…: the history up to it was rewritten",
            anchor.chain,
        )
    return None
