"""The registries claims name: claimants, the rating scale and the topics.

Like claims, these are built from data that has already passed the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from counterclaim.model.claims import Text


@dataclass(frozen=True, slots=True)
class Claimant:
    id: str
    name: Text
    #: person, organisation, government or other; None only for an imported claimant whose
    #: record did not say.
    kind: str | None
    description: Text | None = None
    wikidata: str | None = None
    url: str | None = None
    #: Other pages that say who the claimant is, as an imported record lists them.
    same_as: tuple[str, ...] = ()
    #: The colour of the claimant's marks in charts, if its file names one (partymarks.COLOURS).
    colour: str | None = None
    path: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any], language: str, path: str = "") -> Claimant:
        return cls(
            id=data["id"],
            name=Text.from_data(data["name"], language),
            kind=data.get("kind"),
            description=Text.optional(data.get("description"), language),
            wikidata=data.get("wikidata"),
            url=data.get("url"),
            same_as=tuple(data.get("same_as", ())),
            colour=data.get("colour"),
            path=path,
        )


@dataclass(frozen=True, slots=True)
class Rating:
    id: str
    label: Text
    description: Text
    colour: str
    position: int | None = None


@dataclass(frozen=True)
class RatingScale:
    """The verdicts, best first. Positions run from 1 (worst) up; some verdicts have none."""

    ratings: tuple[Rating, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], language: str) -> RatingScale:
        return cls(
            tuple(
                Rating(
                    id=r["id"],
                    label=Text.from_data(r["label"], language),
                    description=Text.from_data(r["description"], language),
                    colour=r["colour"],
                    position=r.get("position"),
                )
                for r in data["ratings"]
            )
        )

    def get(self, rating_id: str) -> Rating | None:
        return self._by_id.get(rating_id)

    @cached_property
    def _by_id(self) -> dict[str, Rating]:
        return {rating.id: rating for rating in reversed(self.ratings)}

    @property
    def best(self) -> int | None:
        positions = [r.position for r in self.ratings if r.position is not None]
        return max(positions) if positions else None

    @property
    def worst(self) -> int | None:
        positions = [r.position for r in self.ratings if r.position is not None]
        return min(positions) if positions else None


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label: Text
    description: Text | None = None
