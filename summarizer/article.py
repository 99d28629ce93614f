"""Article: the normalized text every later step works on, and its content hash.

Offsets in a summary index into ``Article.text`` (a Python str, counted in characters).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

MAX_FILE_BYTES = 10 * 1024 * 1024  # a news article is kilobytes; this is a guard, not a limit
MAX_CHARS = 200_000  # beyond any model context we run; the backend checks tokens precisely
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass(frozen=True)
class Article:
    text: str
    source: str
    title: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def normalize(text: str) -> str:
    """NFC, one newline convention, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def from_text(text: str, source: str = "<text>", title: str | None = None) -> Article:
    text = normalize(text)
    if not text:
        raise InputError(f"{source}: the article is empty; give a file with the article's text")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{source}: the article is {len(text):,} characters, more than {MAX_CHARS:,}; "
            "split it into articles"
        )
    if not re.search(r"[^\W\d_]", text):
        raise InputError(f"{source}: no words found; is this really an article?")
    return Article(text=text, source=source, title=title)


def read(path: str | Path, stdin: BinaryIO | None = None) -> Article:
    """Read an article from a file, or from stdin when ``path`` is '-'."""
    if str(path) == "-":
        if stdin is None and sys.stdin.isatty():
            raise InputError("nothing piped to stdin; use: cat article.txt | summarizer summarize -")
        stream = stdin if stdin is not None else sys.stdin.buffer
        return from_bytes(stream.read(MAX_FILE_BYTES + 1), "<stdin>")
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{p}: is a directory; to summarize a folder use 'summarizer batch {p}'")
        raw = read_regular_file(p, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    return from_bytes(raw, str(p), html=p.suffix.lower() in HTML_SUFFIXES)


def read_regular_file(path: Path, limit: int | None) -> bytes:
    """At most ``limit`` bytes of a regular file, whatever its size claims to be (None: all).

    A FIFO would block the open, a device (/dev/zero) would never end, and ``st_size`` of
    /proc files is 0: so the file is opened without blocking, checked with fstat on that
    very descriptor (no race with a swapped path), and read with a bound."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: {_kind(mode)}, not a regular file; give an article file")
        raw = f.read() if limit is None else _read_at_most(f, limit + 1)
    if limit is not None and len(raw) > limit:
        raise InputError(f"{path}: more than {limit / 1e6:.0f} MB, far larger than a news article; give one article")
    return raw


def _read_at_most(f, size: int, piece: int = 1 << 16) -> bytes:
    """Up to ``size`` bytes, read in pieces: ``f.read(size)`` would allocate the whole bound
    (10 MB) for every article of a batch, then give it back."""
    pieces: list[bytes] = []
    while size > 0 and (chunk := f.read(min(piece, size))):
        pieces.append(chunk)
        size -= len(chunk)
    return b"".join(pieces)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def from_bytes(raw: bytes, source: str, html: bool | None = None) -> Article:
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(f"{source}: more than {MAX_FILE_BYTES // 1_000_000} MB; give one article")
    if not raw.strip():
        raise InputError(f"{source}: the article is empty; give a file with the article's text")
    text = _decode_utf16(raw, source)
    if text is None:
        if _looks_binary(raw):
            raise InputError(f"{source}: binary data, not text; give a .txt, .md or .html article")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError(
                f"{source}: not valid UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start}); "
                "convert it first, e.g. iconv -f latin1 -t utf-8"
            ) from None
    if html is None:
        html = bool(re.match(r"\s*(<!doctype html|<html)", text[:500], re.IGNORECASE))
    if html:
        return _from_html(text, source)
    return from_text(text, source)


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _decode_utf16(raw: bytes, source: str) -> str | None:
    """Text saved as UTF-16 or UTF-32 (Windows editors do, with a byte-order mark) is text,
    not binary data: its zero bytes are half of every ASCII letter. None when ``raw`` has
    no such mark and does not look like BOM-less UTF-16 either."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is None:
        encoding = _bomless_utf16(raw[:8192])
    if encoding is None:
        return None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{source}: starts like {encoding.upper()} text but does not decode as it; "
                         "convert it first, e.g. iconv -f utf-16 -t utf-8") from None


def _bomless_utf16(head: bytes) -> str | None:
    """Mostly-ASCII UTF-16 without a mark: a zero in (nearly) every second byte, no other."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def _from_html(page: str, source: str) -> Article:
    """Reduce a web page to its article text with trafilatura (keeps the page title)."""
    import trafilatura

    try:
        text = trafilatura.extract(page, include_comments=False, include_tables=False)
        meta = trafilatura.extract_metadata(page)
    except Exception as e:  # trafilatura raises a variety of parser errors
        raise InputError(f"{source}: cannot parse the HTML page ({type(e).__name__})") from None
    if not text or not text.strip():
        raise InputError(f"{source}: no article text found in the HTML page")
    title = meta.title if meta is not None and meta.title else None
    return from_text(text, source, title=title)
