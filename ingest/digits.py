"""Split a crawler's run of digits ("5100118") back into table cells.

Only the template's sums decide where one number ends: ``5100118`` into seven cells whose
first six add up to the seventh is 5, 1, 0, 0, 1, 1, 8. A figure never starts with a
redundant zero ("07"). Several splits can fit; all are returned, in a fixed order, so the
caller can say the reading is ambiguous instead of guessing silently.
"""

from __future__ import annotations

MAX_DIGITS = 9  # no cell of these tables runs past hundreds of millions
MAX_SPLITS = 2_000
_MAX_STEPS = 200_000


def split_runs(
    digits: str, cells: int, sums: tuple[tuple[tuple[int, ...], int], ...], limit: int = MAX_SPLITS
) -> list[list[str]]:
    """Every split of ``digits`` into ``cells`` figures that satisfies ``sums`` (at most
    ``limit``), in order of the first figure's length, then the second's, and so on."""
    if not digits.isdigit() or len(digits) < cells:
        return []
    totals = {total: addends for addends, total in sums}
    found: list[list[str]] = []
    steps = [0]

    def walk(position: int, parts: list[str]) -> None:
        steps[0] += 1
        if len(found) >= limit or steps[0] > _MAX_STEPS:
            return
        index = len(parts)
        if index == cells:
            if position == len(digits):
                found.append(list(parts))
            return
        remaining = cells - index - 1
        longest = min(MAX_DIGITS, len(digits) - position - remaining)
        for length in range(1, longest + 1):
            part = digits[position : position + length]
            if length > 1 and part[0] == "0":
                break
            if index in totals and int(part) != sum(int(parts[i]) for i in totals[index]):
                continue
            if len(digits) - position - length > remaining * MAX_DIGITS:
                continue
            parts.append(part)
            walk(position + length, parts)
            parts.pop()

    walk(0, [])
    return found
