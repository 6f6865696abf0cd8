"""Public names a package loads on first use (PEP 562), for every lazy package of the SDK.

``import mighty_async`` should cost a short job or a CLI call only what a client needs: the
models, the resources, the Redis limiter, the sandbox load when a name of theirs is first
looked up. A package keeps its names in ``__all__`` and imports them under
``TYPE_CHECKING`` (so type checkers and editors see every one), and hands the rest to
`lazy_names`:

```python
__getattr__, __dir__ = lazy_names(__name__, globals(), {"._redis": ("RedisLimiter",)})
```
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = ["lazy_names"]


def lazy_names(
    package: str, namespace: dict[str, Any], homes: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``, for the names in ``homes``.

    Args:
        package: the package's ``__name__`` (relative homes are resolved against it).
        namespace: the package's ``globals()``: a name, once loaded, is stored there, so
            later lookups are plain attribute reads and ``__getattr__`` is not called again.
        homes: module (relative to ``package``, like ``"._redis"``) -> the names it defines.
    """
    home_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook PEP 562 names
        home = home_of.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - as above
        return sorted(set(namespace) | set(home_of))

    return __getattr__, __dir__
