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
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from ingest.tables import RowRead, Token
from ingest.template import OUTCOME_ITEMS

MAX_STATES = 200_000
RELAXED_LIMIT = 20
_BALANCE = ("requests.new", "requests.carried_in", "outcome.total", "requests.carried_over")
_Reading = tuple[Token | None, ...]
_Solution = dict[int, _Reading]


def resolve_table_3(reads: list[RowRead]) -> list[RowRead]:
    """``reads`` with each ambiguous row's reading chosen by the column rules."""
    ambiguous = [i for i, read in enumerate(reads) if read.alternatives]
    if not ambiguous:
        return reads
    solutions = sorted(_solutions(reads), key=lambda solution: _deviation(reads, solution))
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
    """Up to ``limit`` readings under which ``columns`` balance (two tell if one is unique)."""
    index = {read.row.key: i for i, read in enumerate(reads)}
    if any(key not in index for key in (*_BALANCE, *OUTCOME_ITEMS)):
        return []
    balance = [index[key] for key in _BALANCE]
    items = [index[key] for key in OUTCOME_ITEMS]
    solutions: list[_Solution] = []
    for combination in itertools.product(*(_readings(reads[i]) for i in balance)):
        vectors = [_vector(reading, columns) for reading in combination]
        new, carried_in, total, carried_over = vectors
        if new is None or carried_in is None or total is None or carried_over is None:
            continue
        if any(
            a + b != c + d for a, b, c, d in zip(new, carried_in, total, carried_over, strict=True)
        ):
            continue
        for path in _item_paths(reads, items, total, columns, limit):
            solutions.append(dict(zip(balance, combination, strict=True)) | path)
            if len(solutions) >= limit:
                return solutions
    return solutions


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
            return []
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
    if all(key in rows for key in (*_BALANCE, *OUTCOME_ITEMS)):
        new, carried_in, total, carried_over = (rows[key] for key in _BALANCE)
        for c in every:
            missed += abs(new[c] + carried_in[c] - total[c] - carried_over[c])
            missed += abs(sum(rows[key][c] for key in OUTCOME_ITEMS) - total[c])
    return missed


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
