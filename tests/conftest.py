"""Shared test helpers: paths to fixtures and to the real samples in ../shared/samples."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_SAMPLES = ROOT.parent / "shared" / "samples"
DATA_SAMPLE = ROOT / "data" / "sample"


@pytest.fixture
def shared_samples() -> Path:
    """The real sample files of other projects; skip when ../shared/samples is absent."""
    if not SHARED_SAMPLES.is_dir():
        pytest.skip(f"real samples not available: {SHARED_SAMPLES} is absent")
    return SHARED_SAMPLES


def zip_folder(folder: Path, dest: Path, *, prefix: str = "") -> Path:
    """Zip ``folder``'s files into ``dest`` (member names relative to the folder, under ``prefix``)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, prefix + p.relative_to(folder).as_posix())
    dest.write_bytes(buf.getvalue())
    return dest
