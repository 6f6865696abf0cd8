"""Resources: one module per API area, each a thin map from methods to paths and models."""

from ._base import NOT_GIVEN, NotGiven, Resource
from .members import Members

__all__ = ["NOT_GIVEN", "Members", "NotGiven", "Resource"]
