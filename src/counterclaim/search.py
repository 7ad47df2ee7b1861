"""A compact search index of our own: a few dozen bytes per claim, loaded by a small script.

MkDocs' search plugin indexes every word of every page (tens of megabytes at ten thousand
claims, which freezes browsers). This index holds only what a reader searches claims by: the
short form, the claimant, the verdict and the topics. Names that repeat across claims are stored
once and referred to by position. Layout (JSON)::

    {"v": 1, "claimants": [name, ...], "ratings": [label, ...], "rating_ids": [id, ...],
     "topics": [label, ...], "claims": [[short, claimant, rating, [topic, ...], id], ...]}
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from counterclaim.model import Claim, Dataset


def search_index(newest: Sequence[Claim], dataset: Dataset, language: str) -> str:
    """The index for pages in ``language``, claims newest first."""
    claimant_ids = sorted(dataset.claimants)
    claimant_at = {key: i for i, key in enumerate(claimant_ids)}
    ratings = dataset.ratings.ratings
    rating_at = {rating.id: i for i, rating in enumerate(ratings)}
    topic_ids = list(dataset.topics)
    topic_at = {key: i for i, key in enumerate(topic_ids)}
    rows = [
        [
            claim.short.pick(language)[0],
            claimant_at[claim.claimant],
            rating_at[claim.rating],
            [topic_at[t] for t in claim.topics if t in topic_at],
            claim.id,
        ]
        for claim in newest
    ]
    index = {
        "v": 1,
        "claimants": [dataset.claimants[key].name.pick(language)[0] for key in claimant_ids],
        "ratings": [rating.label.pick(language)[0] for rating in ratings],
        "rating_ids": [rating.id for rating in ratings],
        "topics": [dataset.topics[key].label.pick(language)[0] for key in topic_ids],
        "claims": rows,
    }
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
