"""Benchmark: one page of bytes in, models out, against pydantic v2 and msgspec.

Run from the repository root (pydantic and msgspec come with the ``bench`` dependency group):

    python benchmarks/decode.py
    python benchmarks/decode.py --rounds 30 --loops 50
    valgrind --tool=callgrind python benchmarks/decode.py --only sdk --loops 40

The pages are what the sandbox serves for ``GET /members/?per_page=100`` and
``GET /posts/?per_page=100`` (seed 0). Contenders, each decoding the whole page (JSON parse
included) into a tuple of records, in interleaved rounds (every contender once per round,
the order rotating), the median and the spread (min-max) of the per-round times kept:

- ``sdk``: what the client does with a page: the msgspec fast path when it is installed,
  else the cattrs converter;
- ``sdk-cattrs``: the cattrs converter alone (the base install);
- ``pydantic``: ``model_validate_json`` on pydantic v2 models with the same fields and types
  (built from the attrs models, lax mode, so ``"1234"`` ids read as ints like ours);
- ``msgspec``: ``msgspec.json.decode`` into ``msgspec.Struct``s with the same fields;
- ``json.loads``: parsing alone, no models.

Ratios are to pydantic in the same run. Prints also how many pages the fast path deferred.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import typing
from collections.abc import Callable  # noqa: TC003 - a script
from datetime import date, datetime
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

import anyio
import attrs
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import json

import msgspec
import pydantic

from mighty_async import Member, Post
from mighty_async._converter import converter, structure
from mighty_async._fastpath import DEFER, fast_decoder
from mighty_async._sansio import parse_json
from mighty_async.testing import Sandbox


async def fetch_pages(kind: str) -> bytes:
    sandbox = Sandbox(seed=0, members=150, spaces=5, posts=150, events=0)
    prefix = f"{sandbox.base_url}/admin/v1/networks/{sandbox.network_id}"
    async with httpx.AsyncClient(
        transport=sandbox.transport(), headers={"Authorization": f"Bearer {sandbox.token}"}
    ) as http:
        response = await http.get(f"{prefix}/{kind}", params={"per_page": 100})
        response.raise_for_status()
        return response.content


def _mirror_type(tp: Any, make: Callable[[type], Any]) -> Any:
    """The same type with every attrs class replaced by ``make(cls)``."""
    if attrs.has(tp):
        return make(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (UnionType, typing.Union):
        inner = [_mirror_type(arg, make) for arg in args]
        out = inner[0]
        for arg in inner[1:]:
            out = out | arg
        return out
    if origin is tuple:
        return tuple[_mirror_type(args[0], make), ...]  # type: ignore[misc]
    if origin is list:
        return list[_mirror_type(args[0], make)]  # type: ignore[misc]
    if origin is dict:
        return dict[str, _mirror_type(args[1], make)]  # type: ignore[misc]
    if tp in (int, str, float, bool, datetime, date, NoneType, Any):
        return tp
    return str


def pydantic_model(cls: type, cache: dict[type, Any]) -> Any:
    if cls not in cache:
        hints = typing.get_type_hints(cls)
        fields: dict[str, Any] = {}
        for field in attrs.fields(cls):
            tp = _mirror_type(hints[field.name], lambda c: pydantic_model(c, cache))
            default = ... if field.default is attrs.NOTHING else field.default
            fields[field.name] = (tp, default)
        cache[cls] = pydantic.create_model(cls.__name__, **fields)
    return cache[cls]


def msgspec_struct(cls: type, cache: dict[type, Any]) -> Any:
    if cls not in cache:
        hints = typing.get_type_hints(cls)
        fields: list[Any] = []
        for field in attrs.fields(cls):
            tp = _mirror_type(hints[field.name], lambda c: msgspec_struct(c, cache))
            if field.default is attrs.NOTHING:
                fields.append((field.name, tp))
            else:
                fields.append((field.name, tp, field.default))
        cache[cls] = msgspec.defstruct(cls.__name__, fields, kw_only=True)
    return cache[cls]


def contenders(model: type) -> dict[str, Callable[[bytes], Any]]:
    page_model = pydantic.create_model(
        "Page", items=(list[pydantic_model(model, {})], ...), links=(dict[str, Any] | None, None)
    )
    struct = msgspec_struct(model, {})
    page_struct = msgspec.defstruct(
        "Page", [("items", list[struct]), ("links", dict[str, Any] | None, None)]
    )
    page_decoder = msgspec.json.Decoder(page_struct)
    fast = fast_decoder()

    def cattrs_only(content: bytes) -> Any:
        body = parse_json(content)[1]
        return structure(body["items"], tuple[model, ...], conv=converter)  # type: ignore[valid-type]

    def sdk(content: bytes) -> Any:
        if fast is not None:
            body = fast.decode_page(content, model)
            if body is not DEFER:
                return tuple(body["items"])
        return cattrs_only(content)

    return {
        "sdk": sdk,
        "sdk-cattrs": cattrs_only,
        "pydantic": lambda content: page_model.model_validate_json(content).items,
        "msgspec": lambda content: page_decoder.decode(content).items,
        "json.loads": json.loads,
    }


def run(label: str, content: bytes, model: type, rounds: int, loops: int) -> None:
    funcs = contenders(model)
    if funcs["sdk"](content) != funcs["sdk-cattrs"](content):
        raise SystemExit("the fast path and the converter disagree")
    times: dict[str, list[float]] = {name: [] for name in funcs}
    names = list(funcs)
    for index in range(rounds):
        order = names[index % len(names) :] + names[: index % len(names)]
        for name in order:
            func = funcs[name]
            start = time.perf_counter()
            for _ in range(loops):
                func(content)
            times[name].append((time.perf_counter() - start) / loops * 1e6)
    base = statistics.median(times["pydantic"])
    print(f"{label} ({len(content) / 1000:.0f} KB), {rounds} rounds of {loops}")
    for name in names:
        med = statistics.median(times[name])
        spread = f"{min(times[name]):7.0f}-{max(times[name]):<7.0f}"
        print(f"  {name:11} {med:7.0f} us  (spread {spread})  {med / base:5.2f}x pydantic")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--loops", type=int, default=30)
    parser.add_argument(
        "--only",
        metavar="CONTENDER",
        help="run only this contender on the members page, --loops times, untimed (for "
        "valgrind --tool=callgrind: instructions per decode = difference between two --loops "
        "values divided by their difference)",
    )
    args = parser.parse_args()
    if args.only:
        content = anyio.run(fetch_pages, "members")
        func = contenders(Member)[args.only]
        for _ in range(args.loops):
            func(content)
        return
    fast = fast_decoder()
    print(f"fast path: {'on' if fast is not None else 'off'}; python {sys.version.split()[0]}")
    print(f"  pydantic {pydantic.VERSION}, msgspec {msgspec.__version__}")
    members = anyio.run(fetch_pages, "members")
    posts = anyio.run(fetch_pages, "posts")
    run("100 members", members, Member, args.rounds, args.loops)
    run("100 posts", posts, Post, args.rounds, args.loops)
    if fast is not None:
        print(f"fast path: {fast.decoded} pages decoded, {fast.deferred} deferred")


if __name__ == "__main__":
    main()
