"""How the documentation's gallery runs and orders the examples.

Imported by sphinx-gallery by name (``"_gallery.quick_argv"`` and
``"_gallery.StoryOrder"`` in ``conf.py``): objects defined in ``conf.py``
itself cannot be pickled with Sphinx's build environment.
"""

from pathlib import Path

# Figures and tables the examples write: inside the build tree, which Sphinx
# does not read as sources.
EXAMPLE_OUTPUT = Path(__file__).parent / "_build" / "example_output"


def quick_argv(gallery_conf, script_vars):
    """``sys.argv[1:]`` for an example: ``--quick``, and ``--out`` into the build.

    An option is passed only when the script defines it, so that a new
    example without ``--out`` still runs.
    """
    source = Path(script_vars["src_file"]).read_text(encoding="utf-8")
    argv = ["--quick"] if '"--quick"' in source else []
    if '"--out"' in source:
        argv += ["--out", str(EXAMPLE_OUTPUT)]
    return argv


# The gallery reads as a story: the Jena forecasting examples from the
# baseline up, the long-horizon benchmark, text, attention, collections.  A
# new example joins its data set's group (by the word after "plot_"), in
# name order, before that group's course table.
_GROUPS = ("jena", "etth1", "imdb", "attention", "ucr")
_FIRST = (
    "plot_jena_baselines.py",
    "plot_jena_forecasting.py",
    "plot_imdb_bag_of_words.py",
)


class StoryOrder:
    """Sort key for sphinx-gallery's ``within_subsection_order``."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __repr__(self):
        return "StoryOrder"

    def __call__(self, filename):
        name = Path(filename).name
        group = name.removeprefix("plot_").split("_")[0]
        rank = _GROUPS.index(group) if group in _GROUPS else len(_GROUPS)
        within = 0 if name in _FIRST else 2 if "course_table" in name else 1
        return rank, within, name
