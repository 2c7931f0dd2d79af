"""regime: the NHS finance regime of each financial year (rules as data), and the capital,
cash and workforce return that today's regimes read."""
