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


def finder_zip(folder: Path, dest: Path, wrapper: str) -> Path:
    """``folder`` zipped as macOS Finder's Compress does: a wrapper folder, a ``.DS_Store``
    inside it and an AppleDouble ``._name`` twin of every file under ``__MACOSX/``."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{wrapper}/.DS_Store", b"\x00\x00\x00\x01Bud1")
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                rel = p.relative_to(folder)
                zf.write(p, f"{wrapper}/{rel.as_posix()}")
                twin = rel.parent / f"._{rel.name}"
                zf.writestr(f"__MACOSX/{wrapper}/{twin.as_posix()}", b"\x00\x05\x16\x07Mac OS X")
    return dest
