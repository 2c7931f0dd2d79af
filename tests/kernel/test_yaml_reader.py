"""YAML is read by one bounded safe loader: aliases beyond a small number and oversize files
are refused before the document is built."""

from __future__ import annotations

from pathlib import Path

from openbook.kernel.input_limit import MAX_YAML_ALIASES, MAX_YAML_BYTES
from openbook.kernel.yaml_reader import load_yaml, parse_yaml
from tests.kernel.laughs import GOVERNANCE_LAUGHS, SYSTEM_LAUGHS


def test_the_entity_expansion_yaml_is_refused() -> None:
    assert len(SYSTEM_LAUGHS.encode()) < 400
    data, issues = parse_yaml(SYSTEM_LAUGHS, "laughs.yaml")
    assert data is None
    assert [str(i) for i in issues] == [
        f"laughs.yaml: is refused: it has more than {MAX_YAML_ALIASES} aliases (*name); at most "
        f"{MAX_YAML_ALIASES} are allowed, since each may stand for a copy of a whole section "
        "(write each value out in full)"
    ]
    assert parse_yaml(GOVERNANCE_LAUGHS, "g.yaml")[0] is None


def test_a_few_aliases_are_still_read() -> None:
    text = "a: &a [1, 2]\n" + "".join(f"k{i}: *a\n" for i in range(MAX_YAML_ALIASES))
    data, issues = parse_yaml(text, "ok.yaml")
    assert issues == []
    assert data["k0"] == [1, 2] and len(data) == MAX_YAML_ALIASES + 1


def test_an_oversize_yaml_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_YAML_BYTES + 1)
    data, issues = load_yaml(path)
    assert data is None
    assert issues[0].message == "is 1,000,001 bytes; a YAML file may be at most 1,000,000 bytes"


def test_bad_yaml_names_its_line() -> None:
    _, issues = parse_yaml("system: QVV\nbodies: [unclosed\n", "g.yaml")
    assert issues[0].row == 3 and issues[0].message.startswith("is not valid YAML")


def test_no_python_objects_are_built() -> None:
    _, issues = parse_yaml("x: !!python/object/apply:os.system ['true']\n", "evil.yaml")
    assert issues and "could not determine a constructor" in issues[0].message


def test_control_characters_are_refused_not_a_server_error() -> None:
    data, issues = parse_yaml("system: Q\x00VV\n", "nul.yaml")
    assert data is None and issues[0].message.startswith("is not valid YAML")


def test_a_parse_handed_out_again_is_a_fresh_copy() -> None:
    """Parses are remembered (a stored programme is parsed on every rule run), but a
    caller that changes its data does not change what the next caller gets."""
    text = "lines:\n  - code: a\n    amount: 1\n"
    first, _ = parse_yaml(text, "p.yaml")
    first["lines"][0]["amount"] = 999
    second, issues = parse_yaml(text, "p.yaml")
    assert issues == [] and second == {"lines": [{"code": "a", "amount": 1}]}
