"""A system's settings for the escalation rules: its governance file's `rules:` section, by
provider section, with the defaults filled in and every unknown key or bad value named."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openbook.kernel.rule import ProviderSettings, RuleProvider


@dataclass(frozen=True)
class RuleSettings:
    """The settings a system chose, by provider section; anything not set is the default."""

    values: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    disabled: tuple[str, ...] = ()

    def for_provider(self, provider: RuleProvider) -> ProviderSettings:
        # Stores written before rules had sections hold the settings flat, under "".
        chosen = {**self.values.get("", {}), **self.values.get(provider.section, {})}
        values = {s.name: chosen.get(s.name, s.default) for s in provider.settings}
        codes = {rule.code for rule in provider.rules}
        return ProviderSettings(values, frozenset(d for d in self.disabled if d in codes))

    def as_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            section: {name: str(value) for name, value in chosen.items()}
            for section, chosen in sorted(self.values.items())
        }
        document["disabled"] = list(self.disabled)
        return document


def parse_rule_settings(
    data: Mapping[str, Any], providers: Iterable[RuleProvider]
) -> tuple[RuleSettings, list[str]]:
    """A `rules:` mapping: sections named by provider (`finance: {org_shortfall_pounds: ..}`)
    or, as earlier files wrote them, setting names at the top level; plus `disabled:`."""
    providers = tuple(providers)
    by_section = {p.section: {s.name for s in p.settings} for p in providers}
    section_of = {name: section for section, names in by_section.items() for name in names}
    codes = [rule.code for p in providers for rule in p.rules]
    values: dict[str, dict[str, Decimal]] = {}
    problems: list[str] = []

    def take(section: str, name: str, raw: Any) -> None:
        if name not in by_section[section]:
            problems.append(f"unknown rule setting {name!r} in {section!r}")
            return
        try:
            values.setdefault(section, {})[name] = Decimal(str(raw))
        except InvalidOperation:
            problems.append(f"{name}: {raw!r} is not a number")

    for key, raw in data.items():
        if key == "disabled":
            continue
        if key in by_section and isinstance(raw, Mapping):
            for name, value in raw.items():
                take(key, str(name), value)
        elif key in section_of:
            take(section_of[key], key, raw)
        else:
            problems.append(f"unknown rule setting {key!r}")
    disabled = tuple(str(d) for d in data.get("disabled") or ())
    problems += [
        f"disabled: {d!r} is not a rule ({', '.join(codes)})" for d in disabled if d not in codes
    ]
    return RuleSettings(values, disabled), problems


def rule_settings_from_document(document: Mapping[str, Any]) -> RuleSettings:
    """The stored form back (it was checked when it was loaded)."""
    values: dict[str, dict[str, Decimal]] = {}
    for key, raw in document.items():
        if key == "disabled":
            continue
        if isinstance(raw, Mapping):
            values[key] = {str(n): Decimal(str(v)) for n, v in raw.items()}
        else:
            values.setdefault("", {})[key] = Decimal(str(raw))
    return RuleSettings(values, tuple(str(d) for d in document.get("disabled") or ()))
