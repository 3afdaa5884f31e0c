"""Reading the uploaded file: text readable twice, and JSON documents one by one
without loading the file (an array, one document, or JSON Lines)."""

import io
import itertools
import json
import shutil
import tempfile
from collections.abc import Iterator
from typing import IO, Any, TextIO, cast

from django.utils.translation import gettext as _

from .checks import Place, Problems

# A single CVR document is well under 1 MB; a "document" that grows past this while
# still not parsing is a syntax error somewhere, not a long company history.
MAX_DOCUMENT_CHARS = 8 * 1024 * 1024
# A CSV line of our layout is a few hundred characters; a line longer than this is a
# wrong or hostile file, refused before it fills the memory.
MAX_CSV_LINE_CHARS = 64 * 1024
READ_CHARS = 1024 * 1024


class Rereadable:
    """The source as text, readable twice (validation pass, then writing pass)."""

    def __init__(self, source: IO[Any]) -> None:
        # An uploaded file proxies a real file object; TextIOWrapper wants the real one.
        raw = getattr(source, "file", source)
        self._is_text = isinstance(raw.read(0), str)
        self._spool: IO[Any] | None = None
        if not (hasattr(raw, "seekable") and raw.seekable()):
            # Closed in close(): it must outlive both passes.
            self._spool = io.StringIO() if self._is_text else tempfile.TemporaryFile()  # noqa: SIM115
            shutil.copyfileobj(raw, self._spool)
            raw = self._spool
        self._raw: IO[Any] = raw
        self._wrapper: io.TextIOWrapper | None = None

    def open(self) -> TextIO:
        self._detach()
        self._raw.seek(0)
        if self._is_text:
            return cast(TextIO, self._raw)  # text mode: the source is a text stream
        self._wrapper = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="")
        return self._wrapper

    def close(self) -> None:
        self._detach()
        if self._spool is not None:
            self._spool.close()

    def _detach(self) -> None:
        # Detach so that closing the wrapper never closes the caller's file.
        if self._wrapper is not None:
            self._wrapper.detach()
            self._wrapper = None


def json_documents(text: TextIO, problems: Problems) -> Iterator[tuple[Place, Any]]:
    """Documents of a JSON array, one document, or JSON Lines, without loading the file."""
    buffer = text.read(READ_CHARS)
    start = len(buffer) - len(buffer.lstrip())
    if start == len(buffer):
        problems.add(None, _("The file is empty."))
        return
    if "\x00" in buffer:
        problems.add(None, _("The file is a binary file (it contains NUL characters), not text."))
        return
    if buffer[start] == "[":
        yield from _json_array(text, buffer, start + 1, problems)
        return
    if buffer[start] != "{":
        problems.add(None, _("The file is not JSON."))
        return
    # Complete the first line, then tell JSON Lines (a document on each line) from one
    # document spread over many lines.
    if not buffer.endswith("\n"):
        buffer += text.readline(MAX_DOCUMENT_CHARS)
    first_line = buffer[start:].splitlines()[0]
    try:
        is_json_lines = isinstance(_json_decoder.decode(first_line), dict)
    except (ValueError, RecursionError):
        is_json_lines = False
    if is_json_lines:
        yield from _json_lines(text, buffer, problems)
    else:
        yield from _json_concatenated(text, buffer, start, problems)


class BadLine(Exception):  # noqa: N818  # a refused line, not a fault
    """A line that is refused before it is parsed: too long, or with a NUL character."""

    def __init__(self, number: int, reason: str) -> None:
        super().__init__(reason)
        self.number = number
        self.reason = reason


def bounded_lines(text: TextIO, limit: int, first_number: int = 1) -> Iterator[str]:
    """The lines of `text`, none read further than `limit` characters; raises BadLine
    for a longer line or one with a NUL character (a binary file)."""
    number = first_number
    while True:
        line = text.readline(limit + 1)
        if not line:
            return
        if len(line) > limit:
            raise BadLine(
                number,
                _("the line is longer than %(limit)d characters") % {"limit": limit},
            )
        if "\x00" in line:
            raise BadLine(number, _("the line contains a NUL character (a binary file?)"))
        yield line
        number += 1


def _json_lines(text: TextIO, buffer: str, problems: Problems) -> Iterator[tuple[Place, Any]]:
    head = list(bounded_lines(io.StringIO(buffer), MAX_DOCUMENT_CHARS))
    lines = itertools.chain(head, bounded_lines(text, MAX_DOCUMENT_CHARS, len(head) + 1))
    number = 0
    try:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            place = Place(number)
            try:
                yield place, _json_decoder.decode(line)
            except RecursionError:
                problems.add(place, _("the document is nested too deeply"))
            except ValueError:
                problems.add(place, _("the line is not valid JSON"))
    except BadLine as bad:
        problems.add(Place(bad.number), bad.reason)


_json_decoder = json.JSONDecoder()


def _json_array(
    text: TextIO, buffer: str, position: int, problems: Problems
) -> Iterator[tuple[Place, Any]]:
    index = 0
    expect_comma = False
    eof = False
    while True:
        while True:
            position = _skip_space(buffer, position)
            if position < len(buffer) or eof:
                break
            buffer, position, eof = _refill(text, buffer, position)
        if position >= len(buffer):
            problems.add(None, _("The JSON array is not closed."))
            return
        char = buffer[position]
        if char == "]":
            return
        if expect_comma:
            if char != ",":
                problems.add(Place(index + 1, True), _("the document is not valid JSON"))
                return
            position += 1
            expect_comma = False
            continue
        index += 1
        while True:
            try:
                document, end = _json_decoder.raw_decode(buffer, position)
                break
            except RecursionError:
                problems.add(Place(index, True), _("the document is nested too deeply"))
                return
            except ValueError:
                if eof or len(buffer) - position > MAX_DOCUMENT_CHARS:
                    problems.add(Place(index, True), _document_problem(buffer, position))
                    return
                buffer, position, eof = _refill(text, buffer, position)
        position = end
        expect_comma = True
        yield Place(index, True), document


def _json_concatenated(
    text: TextIO, buffer: str, position: int, problems: Problems
) -> Iterator[tuple[Place, Any]]:
    """Documents one after another (a single pretty-printed document is the usual case),
    each numbered by the line it starts on."""
    line = 1 + buffer.count("\n", 0, position)
    eof = False
    while True:
        start = _skip_space(buffer, position)
        if start >= len(buffer):
            if eof:
                return
            line += buffer.count("\n", position, start)
            buffer, position, eof = _refill(text, buffer, start)
            continue
        line += buffer.count("\n", position, start)
        try:
            document, end = _json_decoder.raw_decode(buffer, start)
        except RecursionError:
            problems.add(Place(line), _("the document is nested too deeply"))
            return
        except ValueError:
            if eof or len(buffer) - start > MAX_DOCUMENT_CHARS:
                problems.add(Place(line), _document_problem(buffer, start))
                return
            buffer, position, eof = _refill(text, buffer, start)
            continue
        yield Place(line), document
        line += buffer.count("\n", start, end)
        position = end


def _document_problem(buffer: str, start: int) -> str:
    if len(buffer) - start > MAX_DOCUMENT_CHARS:
        return _("the document is longer than %(limit)d characters") % {"limit": MAX_DOCUMENT_CHARS}
    if "\x00" in buffer:
        return _("the document contains a NUL character (a binary file?)")
    return _("the document is not valid JSON")


def _skip_space(buffer: str, position: int) -> int:
    while position < len(buffer) and buffer[position] in " \t\r\n":
        position += 1
    return position


def _refill(text: TextIO, buffer: str, position: int) -> tuple[str, int, bool]:
    """Drop what was consumed, read more. Grows geometrically so a large document is
    re-parsed only a few times."""
    more = text.read(max(READ_CHARS, len(buffer) - position))
    return buffer[position:] + more, 0, not more
