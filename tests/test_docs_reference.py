"""The rendered reference shows everything: each public name has an entry, each field a meaning.

Building the site takes seconds, so this reads what mkdocstrings is told to render instead: the
``::: name`` directives of docs/*.md. A directive renders the object it names; one naming a
module also renders the names in the module's ``__all__`` (unless its options say ``members:``);
a class renders its fields, whose meaning is the attribute docstring under each of them (what
griffe reads), or an entry in the class docstring's ``Attributes:`` section.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
import textwrap
import types
from functools import cache
from typing import Any

import attrs
import pytest

import mighty_async
from mighty_async import fastapi, models, resources, testing, webhooks
from tests.support.docs import ROOT

DOCS = ROOT / "docs"
DIRECTIVE = re.compile(r"^::: ([\w.]+)[ \t]*\n((?:[ \t]+.*\n?)*)", re.MULTILINE)
TABLE_ROW = re.compile(r"^\| `(\w+)`(?: / `(\w+)`)? \|", re.MULTILINE)
PUBLIC_MODULES = [mighty_async, models, testing, webhooks, fastapi, resources]


def _resolve(path: str) -> Any:
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise LookupError(path)  # pragma: no cover - a directive no module starts


def directives() -> list[tuple[str, str, str]]:
    """``(page, path, options)`` for every ``:::`` directive of the docs."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        found += [(page.name, m.group(1), m.group(2)) for m in DIRECTIVE.finditer(text)]
    return found


@cache
def rendered() -> list[Any]:
    """Every object some page renders an entry for."""
    objects = []
    for _, path, options in directives():
        obj = _resolve(path)
        objects.append(obj)
        lists_members = re.search(r"^\s+members:", options, re.MULTILINE)
        if isinstance(obj, types.ModuleType) and not lists_members:
            objects += [getattr(obj, name) for name in getattr(obj, "__all__", ())]
    return objects


def _table_names() -> set[str]:
    """Names described in a table row instead: the reference's constants, the models' aliases."""
    found = set()
    for page in (DOCS / "reference.md", DOCS / "api" / "models.md"):
        rows = TABLE_ROW.findall(page.read_text(encoding="utf-8"))
        found |= {name for row in rows for name in row if name}
    return found


@cache
def _documented_assignments() -> set[str]:
    """Module-level names of the package assigned with a docstring under them."""
    names = set()
    for path in (ROOT / "mighty_async").rglob("*.py"):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for stmt, after in zip(body, [*body[1:], None], strict=True):
            if _is_docstring(after) and isinstance(stmt, ast.Assign | ast.AnnAssign):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _is_docstring(node: ast.stmt | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and bool(node.value.value.strip())
    )


def has_rendered_entry(module: types.ModuleType, name: str) -> bool:
    """Whether the docs render ``module.name`` with something to say about it.

    mkdocstrings leaves out objects without a docstring, so a rendered object needs one: its
    own for a class or a function, one under its assignment for a constant or an alias (whose
    value may be a plain `str` at run time, shared by many names).
    """
    obj = getattr(module, name)
    if name in _table_names():
        return True
    if not any(obj is seen for seen in rendered()):
        return False
    if (inspect.isclass(obj) or inspect.isroutine(obj)) and obj.__module__ != "builtins":
        return bool((obj.__doc__ or "").strip())
    return name in _documented_assignments()


PUBLIC_NAMES = [(module, name) for module in PUBLIC_MODULES for name in module.__all__]


@pytest.mark.parametrize(
    ("module", "name"), PUBLIC_NAMES, ids=[f"{m.__name__}.{n}" for m, n in PUBLIC_NAMES]
)
def test_every_public_name_has_a_rendered_entry(module, name):
    """Each name in a public module's __all__ is rendered, with a docstring, by docs/."""
    assert has_rendered_entry(module, name), f"{module.__name__}.{name} is not in the reference"


def test_an_undocumented_or_unrendered_name_is_caught():
    """A name no directive renders, or one rendered without a docstring, fails the check."""
    fake = types.ModuleType("fake")
    fake.unrendered = lambda: None
    assert not has_rendered_entry(fake, "unrendered")
    fake.bare = str  # an alias whose run-time value is str, assigned without a docstring
    rendered().append(str)
    try:
        assert not has_rendered_entry(fake, "bare")
    finally:
        rendered().remove(str)


def test_the_directives_name_real_objects():
    """Every ::: directive names an importable object, so none renders an empty page."""
    assert len(directives()) > 40
    for page, path, _ in directives():
        assert _resolve(path) is not None, (page, path)


def _model_classes() -> list[type]:
    found: list[type] = []
    for module in (models, webhooks):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj) and obj not in found:
                found.append(obj)
    return found


MODEL_CLASSES = _model_classes()


def _class_node(cls: type) -> ast.ClassDef:
    source = textwrap.dedent(inspect.getsource(cls))
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.ClassDef)
    return node


def documented_fields(cls: type) -> set[str]:
    """Fields ``cls`` itself documents: an attribute docstring, or its ``Attributes:`` section."""
    node = _class_node(cls)
    names = set()
    for stmt, after in zip(node.body, [*node.body[1:], None], strict=True):
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            is_doc = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
            if is_doc and isinstance(after.value.value, str) and after.value.value.strip():
                names.add(stmt.target.id)
    doc = inspect.getdoc(cls) or ""
    section = re.search(r"^Attributes:\n((?:    .*\n?|\n)*)", doc, re.MULTILINE)
    if section:
        names |= set(re.findall(r"^    (\w+):", section.group(1), re.MULTILINE))
    return names


def own_fields(cls: type) -> list[str]:
    """The fields ``cls`` declares itself (inherited ones are documented where declared)."""
    node = _class_node(cls)
    return [
        stmt.target.id
        for stmt in node.body
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
    ]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_every_model_field_says_what_it_means(cls):
    """Each field of each model, payload and event class has a docstring for the reference."""
    declared = own_fields(cls)
    assert set(declared) <= {f.name for f in attrs.fields(cls)}
    missing = sorted(set(declared) - documented_fields(cls))
    assert not missing, f"{cls.__name__}: no docstring for {missing}"


def test_every_model_class_is_rendered():
    """Each model, payload and event class is among the objects the docs render."""
    assert len(MODEL_CLASSES) > 100
    for cls in MODEL_CLASSES:
        assert any(cls is seen for seen in rendered()), cls.__name__


def test_the_field_check_sees_a_missing_docstring():
    """A class with an undocumented field is caught (so the check above can fail)."""

    @attrs.frozen
    class Half:
        documented: int
        """Documented."""
        bare: int

    assert documented_fields(Half) == {"documented"}
    assert own_fields(Half) == ["documented", "bare"]


# Fields a request takes that no answer of the same model returns, per the spec: the models'
# docstrings name them in a "Sent, never returned:" paragraph.
WRITE_ONLY = {
    "Member": ["MemberCreateRequest", "MemberUpdateRequest"],
    "Badge": ["BadgeRequest", "BadgeUpdateRequest"],
    "CustomField": ["CustomFieldRequest", "CustomFieldUpdateRequest"],
    "CustomFieldAnswer": ["CustomFieldAnswerRequest"],
    "Event": ["EventCreateRequest", "EventUpdateRequest"],
    "Poll": ["PollRequest", "PollUpdateRequest"],
    "Rsvp": ["RsvpRequest"],
}
SENT_NEVER_RETURNED = re.compile(r"Sent, never returned:(.*?)(?:\n\n|\Z)", re.DOTALL)


def _write_only_in_spec(spec: dict[str, Any], model: str) -> set[str]:
    schemas = spec["components"]["schemas"]
    returned = set(schemas[f"{model}Response"]["properties"])
    sent = {name for req in WRITE_ONLY[model] for name in schemas[req]["properties"]}
    return sent - returned


@pytest.mark.spec
@pytest.mark.parametrize("model", sorted(WRITE_ONLY))
def test_fields_sent_but_never_returned_are_named(openapi_spec, model):
    """A model's docstring names exactly the fields its requests take and its answers lack."""
    doc = inspect.getdoc(getattr(models, model)) or ""
    paragraph = SENT_NEVER_RETURNED.search(doc)
    assert paragraph, f"{model} does not say which fields are write-only"
    named = set(re.findall(r"``(\w+)``", paragraph.group(1)))
    write_only = _write_only_in_spec(openapi_spec, model)
    assert write_only <= named
    assert not (named - write_only) - {f.name for f in attrs.fields(getattr(models, model))}


@pytest.mark.spec
def test_no_other_model_has_write_only_fields(openapi_spec):
    """Every request schema with fields its answer lacks is in the table above."""
    schemas = openapi_spec["components"]["schemas"]
    for name in models.__all__:
        request_names = [s for s in schemas if s.startswith(name) and s.endswith("Request")]
        response = schemas.get(f"{name}Response")
        if response is None or name in WRITE_ONLY:
            continue
        exact = [
            s
            for s in request_names
            if s[len(name) :] in {"Request", "CreateRequest", "UpdateRequest"}
        ]
        for req in exact:
            extra = set(schemas[req]["properties"]) - set(response["properties"])
            assert not extra, (name, req, json.dumps(sorted(extra)))
