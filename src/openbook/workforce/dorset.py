"""The Dorset demonstration cases shipped with the package (all people SYNTHETIC): a passport
register, a 24/7 stroke thrombolysis consultant rota and a cardiology out-of-hours rota."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from openbook.kernel.error import InvalidDataError
from openbook.workforce.file.register import load_register
from openbook.workforce.file.rota_spec import load_rota_spec
from openbook.workforce.model.passport import Register
from openbook.workforce.rota.shared import RotaSpec

ROTAS = {"stroke": "dorset_stroke_rota.yaml", "cardiology": "dorset_cardiology_rota.yaml"}
REGISTER = "dorset_passport.yaml"


def data_path(name: str) -> Path:
    return Path(str(resources.files("openbook.workforce") / "data" / name))


def load_dorset_register() -> Register:
    register, issues = load_register(data_path(REGISTER))
    if register is None:
        raise InvalidDataError("the shipped Dorset passport register is invalid", issues)
    return register


def load_dorset_rota(name: str) -> RotaSpec:
    """`stroke` or `cardiology`."""
    spec, issues = load_rota_spec(data_path(ROTAS[name]))
    if spec is None:
        raise InvalidDataError(f"the shipped Dorset {name} rota is invalid", issues)
    return spec
