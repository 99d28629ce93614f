"""Article: the normalized text every later step works on, and its content hash.

Offsets in a summary index into ``Article.text`` (a Python str, counted in characters).
"""

from __future__ import annotations

import hashlib
import re
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
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory; to summarize a folder use 'summarizer batch {p}'")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{p}: {size / 1e6:.1f} MB is far larger than a news article; give one article"
            )
        raw = p.read_bytes()
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    return from_bytes(raw, str(p), html=p.suffix.lower() in HTML_SUFFIXES)


def from_bytes(raw: bytes, source: str, html: bool | None = None) -> Article:
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(f"{source}: more than {MAX_FILE_BYTES // 1_000_000} MB; give one article")
    if not raw.strip():
        raise InputError(f"{source}: the article is empty; give a file with the article's text")
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
