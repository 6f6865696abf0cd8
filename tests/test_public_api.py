"""The public surface: __all__ lists exactly the public names, sorted, all importable."""

from __future__ import annotations

from types import ModuleType

import mighty_async
from mighty_async import errors


def test_all_matches_public_names():
    """mighty_async.__all__ equals the names the package exposes (submodules aside)."""
    exposed = {
        name
        for name in dir(mighty_async)
        if not name.startswith("_") and not isinstance(getattr(mighty_async, name), ModuleType)
    }
    assert set(mighty_async.__all__) == exposed | {"__version__"}


def test_all_is_sorted_and_unique():
    """__all__ is sorted (ruff's order) and has no duplicates."""
    assert len(set(mighty_async.__all__)) == len(mighty_async.__all__)
    assert mighty_async.__all__ == sorted(mighty_async.__all__, key=lambda n: (not n.isupper(), n))


def test_every_error_is_reexported():
    """Every exception in mighty_async.errors is importable from mighty_async."""
    assert set(errors.__all__) <= set(mighty_async.__all__)
    for name in errors.__all__:
        assert getattr(mighty_async, name) is getattr(errors, name)


def test_error_tree():
    """The hierarchy is the one drawn in the errors module docstring."""
    assert issubclass(errors.TokenExpired, errors.Unauthorized)
    assert issubclass(errors.RequestBlocked, errors.Forbidden)
    assert issubclass(errors.MightyTimeout, errors.MightyConnectionError)
    assert issubclass(errors.InvalidPathParameter, errors.ConfigurationError)
    for cls in (
        errors.BadRequest,
        errors.Forbidden,
        errors.NotFound,
        errors.Conflict,
        errors.UnprocessableEntity,
        errors.RateLimited,
        errors.ServerError,
    ):
        assert issubclass(cls, errors.APIError)
    for cls in (
        errors.APIError,
        errors.MightyConnectionError,
        errors.ResponseValidationError,
        errors.PaginationError,
        errors.ConfigurationError,
        errors.ClientClosedError,
    ):
        assert issubclass(cls, errors.MightyError)
    for name in errors.__all__:
        assert name in (errors.__doc__ or "")


def test_every_exported_error_is_drawn_in_the_tree():
    """Each MightyError the package exports, wherever it is defined, is in the drawn tree."""
    exported = [getattr(mighty_async, name) for name in mighty_async.__all__]
    drawn = [
        cls.__name__
        for cls in exported
        if isinstance(cls, type) and issubclass(cls, mighty_async.MightyError)
    ]
    assert "BulkError" in drawn
    tree = (errors.__doc__ or "").split("```text\n", 1)[1].split("```", 1)[0]
    drawn_names = {line.split("── ")[-1].split()[0] for line in tree.splitlines() if line.strip()}
    for name in drawn:
        assert name in drawn_names, name


def test_package_ships_py_typed():
    """The package marks itself typed for mypy and pyright users."""
    from importlib.resources import files  # noqa: PLC0415

    assert files("mighty_async").joinpath("py.typed").is_file()
