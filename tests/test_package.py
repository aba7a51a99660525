"""The installed package's metadata and the repository's entry points agree."""

import importlib.metadata
import tomllib
from pathlib import Path

import sktseq

ROOT = Path(__file__).resolve().parents[1]


def test_installed_version_matches_package():
    assert importlib.metadata.version("sktseq") == sktseq.__version__


def test_declared_dependencies_cover_the_mission():
    requires = importlib.metadata.requires("sktseq")
    names = {r.split(";")[0].split(">")[0].split("=")[0].strip() for r in requires}
    for name in ("scikit-learn", "skorch", "torch", "tsfresh", "pandas", "joblib"):
        assert name in names


def test_constraints_pin_the_cpu_torch_build():
    pins = (ROOT / "constraints.txt").read_text().splitlines()
    assert "torch==2.13.0" in pins


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme
    assert [ln for ln in ci.splitlines() if ln and not ln.startswith("#")][-1] == (
        "make test"
    )


def test_pyproject_is_the_single_config():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "ruff" in config["tool"]
    assert "pytest" in config["tool"]


def test_api_reference_lists_every_public_name():
    api = (ROOT / "docs" / "api.rst").read_text()
    listed = {ln.strip() for ln in api.splitlines() if ln.startswith("   ")}
    missing = set(sktseq.__all__) - listed
    assert not missing, f"docs/api.rst misses {sorted(missing)}"


def _requirements(*, runtime_only=False):
    """pyproject's runtime (and optional) requirements, by package name."""
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    if not runtime_only:
        for extra in project["optional-dependencies"].values():
            lines += extra
    return {(req := Requirement(line)).name.lower(): req for line in lines}


def _pins():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_declared_floors_are_the_tested_versions():
    # Only the constraints.txt versions are installed and tested, so a lower
    # floor in pyproject.toml would promise what nobody ran.
    requirements, pins = _requirements(), _pins()
    for name in _requirements(runtime_only=True):
        assert name in pins, f"{name} is a dependency but not pinned in constraints"
    for name, version in pins.items():
        assert name in requirements, f"constraints.txt pins {name}, never required"
        floors = [s.version for s in requirements[name].specifier if s.operator == ">="]
        assert floors == [version], (
            f"pyproject.toml requires {requirements[name]}, but CI installs and "
            f"tests {name}=={version}"
        )
        assert requirements[name].specifier.contains(version)
