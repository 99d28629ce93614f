"""Where things live on disk. Every location moves with one variable, SUMMARIZER_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "SUMMARIZER_HOME"
MODEL_ENV = "SUMMARIZER_MODEL_PATH"  # any GGUF file instead of the embedded default


def home() -> Path:
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_cache_dir("summarizer", appauthor=False))


def cache_dir() -> Path:
    return home() / "results"


def models_dir() -> Path:
    return home() / "models"


def failures_dir() -> Path:
    """Invalid model outputs kept for inspection when the re-ask budget runs out."""
    return home() / "failed"
