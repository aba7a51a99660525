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
def _one_torch_thread():
    # The suite's nets are tiny: extra threads only add OpenMP start/stop
    # cost, which on a busy 2-core machine made each step ~40x slower.
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
