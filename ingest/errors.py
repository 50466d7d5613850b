"""The ingest package's errors: one base class, a few named failures."""


class IngestError(Exception):
    """Base class of every error the ingest package raises on purpose."""


class UnreadableFileError(IngestError):
    """The file cannot be read as text (empty, binary, unknown encoding)."""


class NotAReportError(IngestError):
    """The text is readable but is not a disclosure annual report."""


class CellValueError(IngestError):
    """A table cell holds something that is not a number."""
