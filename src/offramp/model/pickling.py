"""Quick pickling for the frozen, slotted dataclasses a saved screener holds by the hundred
thousand (entities, their names, identifiers and dates, and the normalised names).

Python 3.11's dataclasses pickle a frozen slotted class through ``__getstate__`` /
``__setstate__`` functions that call ``dataclasses.fields()`` for every object; reloading the
index of the bundled lists (136,000 such objects) spent three quarters of its time there.
:func:`quick_pickle` gives a class a ``__reduce__`` that stores the field values as a tuple
and restores them straight into the slots, with the field names and slot setters worked out
once per class. What is restored is what was saved, field for field (``__init__`` and
``__post_init__`` do not run again: derived fields were saved with the rest).
"""

from __future__ import annotations

import copyreg
import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# Per class: the setters of its fields' slots, in field order.
_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...]] = {}


def quick_pickle(cls: type[T]) -> type[T]:
    """Class decorator (put it above ``@dataclass(frozen=True, slots=True)``): pickle the
    instances as a tuple of their field values, restored into the slots directly."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"quick_pickle needs a dataclass made with slots=True: {cls!r}")
    names = tuple(f.name for f in dataclasses.fields(cls))
    # (a field's slot descriptor lives in the class that declared it: look along the MRO)
    setters = []
    for name in names:
        owner = next(c for c in cls.__mro__ if name in c.__dict__)
        setters.append(owner.__dict__[name].__set__)
    _SETTERS[cls] = tuple(setters)
    values: Callable[[Any], tuple[Any, ...]]
    if len(names) == 1:
        getter = operator.attrgetter(names[0])

        def values(obj: Any) -> tuple[Any, ...]:
            return (getter(obj),)
    else:
        values = operator.attrgetter(*names)

    def __reduce__(self: Any) -> tuple[Any, ...]:
        if type(self) is not cls:
            # a subclass (which may add fields): pickled as the dataclass would pickle it
            return (copyreg.__newobj__,  # type: ignore[attr-defined]
                    (type(self),), self.__getstate__())
        return _restore, (cls, values(self))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


def _restore(cls: type[T], values: tuple[Any, ...]) -> T:
    """An instance of ``cls`` with its fields' slots set to ``values`` (see the module)."""
    obj = object.__new__(cls)
    for setter, value in zip(_SETTERS[cls], values, strict=True):
        setter(obj, value)
    return obj
