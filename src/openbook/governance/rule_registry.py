"""The escalation rule registry: every feature's rule providers, attached to a store by the
composition root (`openbook.compose`); governance never names a feature's rules itself."""

from __future__ import annotations

from collections.abc import Iterable

from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError
from openbook.kernel.rule import RuleProvider

REGISTRY_KEY = "governance.rule_providers"


def register_rule_providers(db: Database, providers: Iterable[RuleProvider]) -> None:
    db.extensions[REGISTRY_KEY] = tuple(providers)


def rule_providers(db: Database) -> tuple[RuleProvider, ...]:
    providers: tuple[RuleProvider, ...] | None = db.extensions.get(REGISTRY_KEY)
    if providers is None:
        raise OpenbookError(
            "no escalation rules are registered on this store",
            hint="open the store through openbook.compose.open_store (or compose(db))",
        )
    return providers
