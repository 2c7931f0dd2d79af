"""The accounts feature (users, roles, tokens) as the composition root sees it."""

from openbook.accounts import tables
from openbook.kernel.feature import Feature

FEATURE = Feature("accounts", tables=tables)
