"""Rotas: definition, independent checker, CP-SAT solver, comparison of separate and shared."""
