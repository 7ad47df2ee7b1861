"""Frozen, slotted value classes that the build cache can read back quickly.

``dataclass(slots=True, frozen=True)`` pickles each object's state through ``fields()``, which
is slow when a warm build reads back hundreds of thousands of objects. ``quick_pickle`` gives
such a class a state that is a plain tuple, read and written by name lists worked out once.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

Value = TypeVar("Value")


def quick_pickle(cls: type[Value]) -> type[Value]:
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    assert names and getattr(cls, "__slots__", None) is not None, f"{cls.__name__} is not a slotted dataclass"

    def state(self: Any) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in names])

    def restore(self: Any, values: tuple[Any, ...]) -> None:
        for name, value in zip(names, values, strict=True):
            object.__setattr__(self, name, value)

    setattr(cls, "__getstate__", state)  # noqa: B010 - replaces the method dataclass wrote
    setattr(cls, "__setstate__", restore)  # noqa: B010
    return cls
