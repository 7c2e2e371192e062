"""Build steps pyproject.toml cannot state: which packages ship, and the compiled catalogues."""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

# Folders that are not Python packages in the source tree but ship inside community/.
DATA_PACKAGES = [
    "community.translations",
    "community.templates",
    "community.static",
    "community.migrations",
]


class BuildWithCatalogues(build_py):
    """Compile each messages.po into the messages.mo that Flask-Babel reads: the .mo files are
    build output and not in the repository, and without them the app would show English."""

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in Path("community/translations").glob("*/LC_MESSAGES/messages.po"):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            mo_path = Path(self.build_lib) / po_path.with_suffix(".mo")
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with mo_path.open("wb") as mo_file:
                # Fuzzy entries too, as `make translations` (pybabel compile --use-fuzzy) does.
                write_mo(mo_file, catalog, use_fuzzy=True)


setup(
    packages=find_packages(include=["community", "community.*", "courses", "courses.*"])
    + DATA_PACKAGES,
    cmdclass={"build_py": BuildWithCatalogues},
)
