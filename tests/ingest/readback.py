"""What "a generated report reads back exactly" means, for the tests of every format."""

from __future__ import annotations

from decimal import Decimal

from eval.synth import SynthReport
from ingest.records import ParsedReport

Cells = dict[tuple[str, str], Decimal | None]


def table_cells(parsed: ParsedReport) -> Cells:
    return {(f.metric, f.column): f.value for f in parsed.facts if f.source == "table"}


def assert_reads_back(parsed: ParsedReport, report: SynthReport) -> None:
    """Every table cell as generated, the identity, every check passing, and each prose
    figure the parser found equal to the one the generator wrote."""
    assert table_cells(parsed) == report.cells
    assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)
    assert {c.status for c in parsed.checks} == {"pass"}, [
        c.message for c in parsed.checks if c.status != "pass"
    ]
    prose = {f.metric: f.value for f in parsed.facts if f.source == "prose"}
    for metric, value in report.prose.items():
        if metric in prose:
            assert prose[metric] == Decimal(value), metric
