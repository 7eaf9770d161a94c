"""Seeded generators of the kit's synthetic case datasets.

Each generator tells an explicit causal story (written in its ``story``), adds realistic
noise, skew and missing answers, and documents every column. ``GENERATORS`` maps a
dataset name to its generator; :func:`imlib.datasets.write_datasets` writes them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Column", "Generator", "GENERATORS"]


@dataclass(frozen=True)
class Column:
    """One documented column of a dataset (a row of its data dictionary)."""

    column: str
    dtype: str
    unit: str
    allowed_range: str
    description: str


@dataclass(frozen=True)
class Generator:
    """A named dataset: its title, story, documented columns and seeded generator."""

    name: str
    title: str
    story: str
    module: str
    columns: tuple[Column, ...]
    generate: Callable[[int], pd.DataFrame] = field(repr=False)

    def dictionary(self) -> pd.DataFrame:
        """Return the data dictionary as a DataFrame."""
        return pd.DataFrame([c.__dict__ for c in self.columns])


def _registry() -> dict[str, Generator]:
    from imlib.generators import bank
    from imlib.generators import northbank as _northbank
    from imlib.generators import relationship as _relationship
    from imlib.generators import service_ops as _service_ops
    from imlib.generators import staff as _staff

    return {
        g.name: g
        for g in (
            bank.BANK_SERVQUAL,
            bank.BANK_BRANCH_AUDIT,
            _relationship.RM_JURY,
            _relationship.CUSTOMER_COHORT,
            _relationship.MIX_AUDIT,
            _staff.STAFF_SURVEY,
            _staff.STAFF_HEADCOUNT,
            _staff.KNOWLEDGE_CASE_EVENTS,
            _service_ops.SERVICE_PROCESS_LOG,
            _service_ops.SERVICE_COMPLAINTS,
            _service_ops.SERVICE_BLUEPRINT,
            _service_ops.SERVICE_DELIVERIES,
            _northbank.BRANCH_ISQ,
            _northbank.BRANCH_PEOPLE,
            _northbank.BRANCH_TRACKER,
            _northbank.BRANCH_MONEY,
        )
    }


GENERATORS: dict[str, Generator] = _registry()
