"""Reading published files row by row, with every problem located (file, line, field).

`read_csv` opens plain or gzip-compressed CSV, checks the header (or applies the known columns of a
header-less file), and yields `(line, row)` where `line` is the 1-based line the record starts on.
Blank lines and a DOS end-of-file mark (Ctrl-Z, as OFAC's files end) are skipped. Bad quoting, a
wrong number of columns, bytes that are not UTF-8, or a broken gzip stream raise
`DataError(Location(file, line, field), rule)`.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from graph.errors import DataError, Location


def open_text(path: Path) -> io.TextIOBase:
    """A text stream over a file, decompressing `.gz` transparently (UTF-8; a BOM is skipped)."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def read_csv(
    path: Path,
    *,
    required: Sequence[str] = (),
    columns: Sequence[str] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield `(line, row)` for each record. With `columns`, the file has no header and each record must
    have exactly those columns; otherwise the first line is the header and must name `required`."""
    line = 1
    try:
        with open_text(path) as fh:
            reader = csv.reader(fh, strict=True)
            if columns is None:
                header = next(reader, None)
                if header is None:
                    raise DataError(Location(path, 1), "the file is empty: expected a header line")
                header = [h.strip() for h in header]
                missing = [c for c in required if c not in header]
                if missing:
                    raise DataError(Location(path, 1, missing[0]),
                                    f"the header lacks column(s) {', '.join(missing)}")
                names = header
            else:
                names = list(columns)
            line = reader.line_num + 1
            for record in reader:
                if not record or (len(record) == 1 and not record[0].strip(" \t\x1a")):
                    # blank lines, and the DOS end-of-file mark (Ctrl-Z) that ends OFAC's sdn.csv
                    line = reader.line_num + 1
                    continue
                if len(record) != len(names):
                    raise DataError(Location(path, line),
                                    f"expected {len(names)} columns, found {len(record)}")
                yield line, dict(zip(names, record, strict=True))
                line = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(Location(path, line), f"malformed CSV: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataError(Location(path, line), f"not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise DataError(Location(path, line), f"broken gzip stream: {exc}") from exc


# -- values -------------------------------------------------------------------------------------------

_MONTH_DAY_YEAR = "%B %d, %Y"  # March 12, 2021


def parse_date(value: str, where: Location, formats: Sequence[str] = ("%Y-%m-%d",)) -> date:
    """Parse a date in one of `formats`; a value that fits none raises a located DataError."""
    value = value.strip()
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise DataError(where, f"not a date ({' or '.join(_describe(f) for f in formats)}): {value!r}")


def optional_date(value: str | None, where: Location, formats: Sequence[str] = ("%Y-%m-%d",)) -> date | None:
    return parse_date(value, where, formats) if value and value.strip() else None


def _describe(fmt: str) -> str:
    return (fmt.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD").replace("%y", "YY")
            .replace("%B", "Month"))


def parse_int(value: str, where: Location) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise DataError(where, f"not an integer: {value!r}") from None


def require(value: str | None, where: Location) -> str:
    """A non-empty value, or a DataError saying the field is empty."""
    if value is None or not value.strip():
        raise DataError(where, "required value is empty")
    return value.strip()


def split_list(value: str | None, sep: str = ";") -> list[str]:
    return [v.strip() for v in (value or "").split(sep) if v.strip()]


_LONG_DATE = re.compile(r"(January|February|March|April|May|June|July|August|September|October|November|"
                        r"December) (\d{1,2}), (\d{4})")


def long_dates(value: str) -> list[date]:
    """Every `Month D, YYYY` date in a text, in order (`"March 12, 2021Updated:June 1, 2026"`)."""
    return [datetime.strptime(f"{m} {d}, {y}", _MONTH_DAY_YEAR).date()
            for m, d, y in _LONG_DATE.findall(value)]
