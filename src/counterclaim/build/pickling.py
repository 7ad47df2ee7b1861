"""How the build cache and the worker processes pickle the model, quickly.

A frozen, slotted dataclass pickles its state through ``dataclasses.fields()``, which is slow
when a warm build reads back hundreds of thousands of objects. Each such class the build keeps
is given here, through :mod:`copyreg`, a reducer that writes its fields as a plain tuple (read
by one ``attrgetter``) and reads them back by calling the class. A date is read back through the
table it is parsed through, so that a date read back is shared with every other use of it. The
model knows nothing of this: the reducers are registered when this module is imported, which
the build does before it pickles anything or starts a worker.
"""

from __future__ import annotations

import copyreg
import pickle
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any

from counterclaim.check.references import ClaimReference
from counterclaim.model.claims import (
    Appearance,
    Claim,
    Correction,
    CounterClaim,
    Figure,
    Imported,
    OriginalRating,
    Source,
    Text,
)
from counterclaim.model.dates import PartialDate
from counterclaim.model.diagnostics import Diagnostic
from counterclaim.model.registries import Claimant, Rating, Topic

#: The value classes the build keeps in its cache or gets back from its workers.
QUICK = (
    Text,
    Source,
    Figure,
    Appearance,
    CounterClaim,
    Correction,
    OriginalRating,
    Imported,
    Claim,
    Claimant,
    Rating,
    Topic,
    Diagnostic,
    ClaimReference,
)


def _fields_reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """Pickles an object of the dataclass ``cls`` as its fields, to be passed back to ``cls``."""
    names = tuple(f.name for f in fields(cls))
    assert names and getattr(cls, "__slots__", None) is not None, f"{cls.__name__} is not a slotted dataclass"
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda value: (cls, (one(value),))
    every = attrgetter(*names)
    return lambda value: (cls, every(value))


def _date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def _reduce_date(date: PartialDate) -> tuple[Callable[[str], PartialDate], tuple[str]]:
    return _date, (date.iso(),)


for _cls in QUICK:
    copyreg.pickle(_cls, _fields_reducer(_cls))
copyreg.pickle(PartialDate, _reduce_date)


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes) -> Any:
    return pickle.loads(data)
