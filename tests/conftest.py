from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
REAL = SHARED / "real"

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared (seeds and real texts) is absent")


def seed_path(number: int) -> Path:
    return next(SEEDS.glob(f"{number:03d}_*.txt"))
