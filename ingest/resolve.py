"""Choose among the readings of run-together digits with table 三's column rules.

A row's digits can split several ways that all satisfy the row's own sum, or (when the
report's row is wrong) none that does. Across rows each column must still balance:
一 + 二 = （七）总计 + 四, and （七）总计 = the sum of the numbered items. The readings under
which every column balances are found exactly (a search over the balance rows, then a
dynamic programme over the items' column sums). A report with one wrong cell balances in
every column but one, so when no reading balances everywhere, each column in turn is left
out; among the readings found that way, the one needing the smallest correction (its
broken rules miss by the least) is taken. When more than one reading remains, the row is
said to be ambiguous.

The search is bounded: the balance rows are joined pairwise (一 with 二, （七） with 四) rather
than by their full product, and when the pairs or the item rows' states still grow past a
limit the rows are left unresolved ("cannot tell") rather than let one report take seconds.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace

from ingest.tables import RowRead, Token
from ingest.template import OUTCOME_ITEMS, OUTCOME_ITEMS_2019

MAX_STATES = 200_000
# Pairs of balance-row readings (一 × 二 plus （七） × 四) and their matches, over one search.
MAX_PAIRS = 20_000
RELAXED_LIMIT = 20
_BALANCE = ("requests.new", "requests.carried_in", "outcome.total", "requests.carried_over")
_Reading = tuple[Token | None, ...]
_Solution = dict[int, _Reading]


class _TooMany(Exception):
    """The readings to weigh exceed the search's bounds."""


def resolve_table_3(reads: list[RowRead]) -> list[RowRead]:
    """``reads`` with each ambiguous row's reading chosen by the column rules."""
    ambiguous = [i for i, read in enumerate(reads) if read.alternatives]
    if not ambiguous:
        return reads
    try:
        balancing = _solutions(reads)
    except _TooMany:
        return _unresolved(reads, ambiguous)
    solutions = sorted(balancing, key=lambda solution: _deviation(reads, solution))
    least = [s for s in solutions if _deviation(reads, s) == _deviation(reads, solutions[0])]
    resolved = list(reads)
    for index in ambiguous:
        read = reads[index]
        found = {tuple(_raw(t) for t in s[index]) for s in solutions}
        tied = {tuple(_raw(t) for t in s[index]) for s in least}
        if len(found) == 1:
            verdict = "chose the one the column sums confirm"
        elif len(tied) == 1:
            verdict = f"{len(found)} fit the column sums; took the one needing the least correction"
        else:
            verdict = f"{len(tied)} fit the column sums equally well; cannot tell; took the first"
        cells = solutions[0][index] if solutions else read.cells
        if not solutions:
            verdict = "none fits the column sums; took the first"
        note = f"{read.warnings[0] if read.warnings else read.row.label}; {verdict}"
        resolved[index] = replace(read, cells=cells, warnings=(note,))
    return resolved


def _unresolved(reads: list[RowRead], ambiguous: list[int]) -> list[RowRead]:
    """The rows as first read, each said to be undecided: too many readings to weigh."""
    resolved = list(reads)
    for index in ambiguous:
        read = reads[index]
        verdict = "too many readings to weigh with the column sums; cannot tell"
        note = f"{read.warnings[0] if read.warnings else read.row.label}; {verdict}"
        resolved[index] = replace(read, warnings=(note,))
    return resolved


def _solutions(reads: list[RowRead]) -> list[_Solution]:
    """Readings that balance every column, or failing that all but one column."""
    exact = _balanced(reads, list(range(7)), limit=2)
    if exact:
        return exact
    found: list[_Solution] = []
    for free in range(7):
        found += _balanced(reads, [c for c in range(7) if c != free], limit=RELAXED_LIMIT)
    return found


def _balanced(reads: list[RowRead], columns: list[int], *, limit: int) -> list[_Solution]:
    """Up to ``limit`` readings under which ``columns`` balance (two tell if one is unique).

    一 + 二 = （七） + 四 is met in the middle: the sums of （七） and 四 are indexed, then each
    pair of 一 and 二 looks its sum up, so the work grows with the pairs, not the product of
    all four rows' readings; readings are still tried in the order of that product.
    Raises ``_TooMany`` past ``MAX_PAIRS``.
    """
    index = {read.row.key: i for i, read in enumerate(reads)}
    outcomes = _outcomes(index)
    if any(key not in index for key in (*_BALANCE, *outcomes)):
        return []
    balance = [index[key] for key in _BALANCE]
    items = [index[key] for key in outcomes]
    new, carried_in, total, carried_over = (_vectors(reads[i], columns) for i in balance)
    if len(new) * len(carried_in) + len(total) * len(carried_over) > MAX_PAIRS:
        raise _TooMany
    outgoing: dict[tuple[int, ...], list[tuple[_Reading, tuple[int, ...], _Reading]]] = {}
    for (c, w), (d, x) in itertools.product(total, carried_over):
        outgoing.setdefault(_add(w, x), []).append((c, w, d))
    solutions: list[_Solution] = []
    paths: dict[tuple[int, ...], list[_Solution]] = {}
    matched = 0
    for (a, u), (b, v) in itertools.product(new, carried_in):
        for c, w, d in outgoing.get(_add(u, v), ()):
            matched += 1
            if matched > MAX_PAIRS:
                raise _TooMany
            if w not in paths:
                paths[w] = _item_paths(reads, items, w, columns, limit)
            for path in paths[w]:
                solutions.append(dict(zip(balance, (a, b, c, d), strict=True)) | path)
                if len(solutions) >= limit:
                    return solutions
    return solutions


def _vectors(read: RowRead, columns: list[int]) -> list[tuple[_Reading, tuple[int, ...]]]:
    """The row's readings that are all figures, each with its values in ``columns``."""
    found = []
    for reading in _readings(read):
        vector = _vector(reading, columns)
        if vector is not None:
            found.append((reading, vector))
    return found


def _add(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _item_paths(
    reads: list[RowRead], items: list[int], total: tuple[int, ...], columns: list[int], limit: int
) -> list[_Solution]:
    """Readings of the item rows whose ``columns`` add up to ``total`` (at most ``limit``)."""
    states: dict[tuple[int, ...], list[tuple[_Reading, ...]]] = {(0,) * len(columns): [()]}
    for i in items:
        following: dict[tuple[int, ...], list[tuple[_Reading, ...]]] = {}
        for partial, paths in states.items():
            for reading in _readings(reads[i]):
                vector = _vector(reading, columns)
                if vector is None:
                    continue
                summed = tuple(a + b for a, b in zip(partial, vector, strict=True))
                if any(value > limit for value, limit in zip(summed, total, strict=True)):
                    continue
                bucket = following.setdefault(summed, [])
                bucket += [(*path, reading) for path in paths[: limit - len(bucket)]]
        states = following
        if len(states) > MAX_STATES:
            raise _TooMany
    return [dict(zip(items, path, strict=True)) for path in states.get(total, [])]


def _deviation(reads: list[RowRead], solution: _Solution) -> int:
    """How far the table's rules miss under ``solution``: the correction it implies."""
    every = list(range(7))
    rows: dict[str, tuple[int, ...]] = {}
    for i, read in enumerate(reads):
        vector = _vector(solution.get(i, read.cells), every)
        if vector is not None:
            rows[read.row.key] = vector
    missed = sum(abs(sum(vector[:6]) - vector[6]) for vector in rows.values())
    outcomes = _outcomes(rows)
    if all(key in rows for key in (*_BALANCE, *outcomes)):
        new, carried_in, total, carried_over = (rows[key] for key in _BALANCE)
        for c in every:
            missed += abs(new[c] + carried_in[c] - total[c] - carried_over[c])
            missed += abs(sum(rows[key][c] for key in outcomes) - total[c])
    return missed


def _outcomes(keys: Iterable[str]) -> tuple[str, ...]:
    """The outcome items of the table's format: the trial (2019) one has one 其他处理 row."""
    return OUTCOME_ITEMS_2019 if "outcome.other" in keys else OUTCOME_ITEMS


def _readings(read: RowRead) -> tuple[_Reading, ...]:
    return read.alternatives or (read.cells,)


def _vector(reading: _Reading, columns: list[int]) -> tuple[int, ...] | None:
    values = []
    for column in columns:
        token = reading[column]
        if token is None:
            values.append(0)
        elif token.raw.isdigit():
            values.append(int(token.raw))
        else:
            return None
    return tuple(values)


def _raw(token: Token | None) -> str:
    return "" if token is None else token.raw
