"""The control-total engine: year-end transfers and in-year control-total rebalancing,
solved exactly with HiGHS and checked independently before any answer is returned."""
