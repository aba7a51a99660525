"""Shared fixtures: real data location (tests skip when absent), thread limits."""

import os
from pathlib import Path

import pytest

# ../shared/data beside the repository (see ../shared/data/README.md).
SHARED_DATA = Path(
    os.environ.get(
        "SKTSEQ_SHARED_DATA",
        Path(__file__).resolve().parents[2] / "shared" / "data",
    )
)


@pytest.fixture
def shared_data():
    """Path to ../shared/data; skips the test when the folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture(autouse=True, scope="session")
def _torch_threads():
    # 2-core machines: avoid torch oversubscribing alongside BLAS in the suite.
    try:
        import torch
    except ImportError:  # pragma: no cover
        return
    torch.set_num_threads(min(2, os.cpu_count() or 1))
