"""Work on many players at once, a bounded number at a time: sign-ins, connects, heals, final reads."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

PARALLEL = 20  # sign-ins, connects and final reads at once

T = TypeVar("T")
R = TypeVar("R")


async def for_each(items: Sequence[T], work: Callable[[T], Awaitable[R]], parallel: int = PARALLEL) -> list[R]:
    """`work` on every item, `parallel` at a time; the results in order."""
    gate = asyncio.Semaphore(parallel)

    async def one(item: T) -> R:
        async with gate:
            return await work(item)

    return list(await asyncio.gather(*(one(item) for item in items)))
