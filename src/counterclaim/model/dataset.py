"""Everything under ``data/`` at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from counterclaim.model.claims import Claim
from counterclaim.model.registries import Claimant, RatingScale, Topic


@dataclass
class Dataset:
    """Everything under ``data/``: the registries and the claims, by id."""

    ratings: RatingScale = field(default_factory=lambda: RatingScale(()))
    topics: dict[str, Topic] = field(default_factory=dict)
    claimants: dict[str, Claimant] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
