"""The production converter's generated model hooks build exactly what cattrs' own build."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mighty_async import Category, Member, Post, ResponseValidationError, to_dict
from mighty_async._converter import _init_only_stores_fields, converter, structure

from .support.model_values import MODEL_CLASSES, model_strategy

DICT_MODELS = [cls for cls in MODEL_CLASSES if "__slots__" not in cls.__dict__]


def _cattrs_own(cls: type, body: Any) -> Any:
    return converter.gen_structure_attrs_fromdict(cls)(body, cls)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_generated_hook_equals_cattrs_own_function(cls, data):
    """Every model read by the generated hook equals the one cattrs' own function reads."""
    body = to_dict(data.draw(model_strategy(cls)))
    assert converter.structure(body, cls) == _cattrs_own(cls, body)


@pytest.mark.parametrize("cls", DICT_MODELS, ids=lambda cls: cls.__name__)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_model_built_without_init_holds_what_init_stores(cls, data):
    """A dict-class model made from a filled ``__dict__`` has the attributes ``__init__`` sets."""
    body = to_dict(data.draw(model_strategy(cls)))
    made = converter.structure(body, cls)
    assert list(vars(made).items()) == list(vars(_cattrs_own(cls, body)).items())


def test_the_large_page_models_are_dict_classes_made_without_init():
    """Members and their categories, the largest pages, are the models built without a call."""
    assert {Member, Category} <= set(DICT_MODELS)
    assert _init_only_stores_fields(Member)
    assert _init_only_stores_fields(Category)
    assert not _init_only_stores_fields(Post)  # slotted: there is no __dict__ to hand over


def _positive(_: Any, __: Any, value: int) -> None:
    if value < 0:
        raise ValueError(value)


@attrs.frozen(slots=False)
class _Validated:
    n: int = attrs.field(validator=_positive)


@attrs.frozen(slots=False)
class _Converted:
    n: int = attrs.field(converter=int)


@attrs.frozen(slots=False)
class _PostInit:
    n: int

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "twice", self.n * 2)


@attrs.frozen(slots=False, cache_hash=True)
class _CachedHash:
    n: int


@attrs.define(slots=False, init=False)
class _OwnInit:
    n: int

    def __init__(self, n: int) -> None:
        self.n = n


@attrs.frozen(slots=False)
class _Plain:
    n: int
    label: str | None = None


class _Subclass(_Plain):
    def __init__(self, n: int, label: str | None = None) -> None:
        super().__init__(n=n, label=label)


@pytest.mark.parametrize(
    "cls", [_Validated, _Converted, _PostInit, _CachedHash, _OwnInit, _Subclass, Post]
)
def test_a_class_whose_init_does_more_than_store_keeps_its_init(cls):
    """Validators, converters, hooks, cached hashes, hand-written inits and slots keep it."""
    assert not _init_only_stores_fields(cls)


def test_a_class_whose_init_only_stores_is_made_without_it():
    """A plain dict class is built from its ``__dict__``, equal to one its ``__init__`` built."""
    assert _init_only_stores_fields(_Plain)
    made = converter.structure({"n": 3}, _Plain)
    assert made == _Plain(n=3)
    assert vars(made) == {"n": 3, "label": None}


def test_a_validated_class_is_still_validated():
    """A class that keeps its constructor still runs its validator on every read."""
    with pytest.raises(ResponseValidationError):
        structure({"n": -1}, _Validated)
