"""The Dorset 2017/18 year end gives one split whether it comes from the example file or
from the stored demonstration figures: each giver in proportion to its headroom."""

from __future__ import annotations

import json
from pathlib import Path

from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.solve import solve_transfers_file, solve_transfers_from_store

EXAMPLES = Path(__file__).parents[2] / "examples" / "scenarios"


def test_the_dorset_answer_is_the_same_from_the_file_and_from_the_store(
    demo_db: Database, tmp_path: Path
) -> None:
    from_file = solve_transfers_file(EXAMPLES / "transfers_dorset_2017_18.json")
    from_store, _ = solve_transfers_from_store(demo_db, "QVV", FinancialYear(2017), 12)
    assert (
        from_file["transfers"]
        == from_store["transfers"]
        == [
            {"from": "RDY", "to": "RD3", "amount": "705882.36"},  # 88.2% of £800k
            {"from": "RDZ", "to": "RD3", "amount": "794117.64"},  # 88.2% of £900k
        ]
    )
    why = [line for line in from_store["explanation"] if line.startswith("Why this split")]
    assert why and "RDY 88.2% of its £800k, RDZ 88.2% of its £900k" in why[0]
    # and the file with its organisations in any order
    data = json.loads((EXAMPLES / "transfers_dorset_2017_18.json").read_text())
    data["organisations"].reverse()
    target = tmp_path / "reversed.json"
    target.write_text(json.dumps(data))
    assert solve_transfers_file(target)["transfers"] == from_file["transfers"]
