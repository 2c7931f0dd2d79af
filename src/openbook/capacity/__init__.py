"""Demand and capacity: beds and cath labs, by queueing theory and by simulation, site by site
and pooled (docs/capacity.md).

Use cases (each returns a frozen result with `to_dict()`): `beds.calculate_beds`,
`stroke_pathway.simulate_stroke_pathway` and `calculate_stay_sensitivity`,
`pooling.compare_pooling`, `cath_labs.compare_cath_labs`. Files: `file.stroke`, `file.pooling`,
`file.cath_lab`. Pure core: `model/`; engines: `simulation/`. Imports only `openbook.kernel`
and `openbook.spc`.
"""
