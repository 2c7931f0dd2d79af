"""Workforce: the county staff passport and single shared rotas across sites.

Pure: imports only `openbook.kernel`. `model/` holds the passport (people, credentials,
acceptance rules, eligibility with reasons, temporary moves, expiry warnings); `rota/` the rota
definition, the independent checker, the CP-SAT solver and the comparison of separate and
shared rotas; `file.py` the file formats (the Curtois & Qu text format, the passport register).
"""
