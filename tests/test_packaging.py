"""The installed package is a working app: built from pyproject.toml and setup.py into a folder
of its own, it finds its templates, static files, translations and migrations away from the
source checkout, builds the schema with `flask db upgrade` and serves the home page."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter whose only copy of Verbind is the built one.
SERVE_HOME_PAGE = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import wsgi
    import community

    target = Path(sys.argv[1])
    assert Path(community.__file__).is_relative_to(target), community.__file__
    assert Path(wsgi.app.template_folder).is_relative_to(target), wsgi.app.template_folder
    response = wsgi.app.test_client().get("/")
    print(response.status_code)
    print(response.get_data(as_text=True))
    """
)


@pytest.fixture(scope="module")
def built_package(tmp_path_factory):
    """The package as a wheel would hold it, built without network. build_py is the step of a
    wheel build that lays out the packages and their data; the venv's setuptools (the one Python
    3.11 ships) needs the `wheel` package for the rest, and the layout is what is tested here."""
    target = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "setup.py", "--quiet", "build_py", "--build-lib", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return target


def run_installed(built_package, workdir, database, *args):
    env = {
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(workdir),
        "PYTHONPATH": str(built_package),
        "DATABASE_URL": database,
        "SECRET_KEY": "packaging-test-secret-key",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_package_holds_every_template_static_file_and_migration(built_package):
    for folder in ("templates", "static", "migrations"):
        shipped = {
            path.relative_to(ROOT / folder)
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
        installed = {
            path.relative_to(built_package / "community" / folder)
            for path in (built_package / "community" / folder).rglob("*")
            if path.is_file()
        }
        assert shipped <= installed, f"{folder}: missing {sorted(map(str, shipped - installed))}"
    assert (built_package / "community/translations/nl/LC_MESSAGES/messages.mo").is_file()
    assert (built_package / "community/events/gemeenten.csv").is_file()
    assert (built_package / "courses/content/kindcheck/course.yaml").is_file()
    assert (built_package / "wsgi.py").is_file()


def test_installed_app_migrates_a_fresh_database_and_serves_the_home_page(built_package, tmp_path):
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    database = f"sqlite:///{tmp_path / 'installed.sqlite'}"

    upgrade = run_installed(
        built_package, workdir, database, "-m", "flask", "--app", "wsgi", "db", "upgrade"
    )
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    assert "Running upgrade" in upgrade.stderr + upgrade.stdout

    served = run_installed(
        built_package, workdir, database, "-c", SERVE_HOME_PAGE, str(built_package)
    )
    assert served.returncode == 0, served.stdout + served.stderr
    status, _, html = served.stdout.partition("\n")
    assert status == "200"
    assert "Bel Veilig Thuis:" in html and "0800-2000" in html
    assert not (workdir / "instance").exists()


def pins(path):
    """{name: version} of the `name==version` lines of a requirements or constraints file."""
    pinned = {}
    for line in path.read_text().splitlines():
        requirement = line.split("#")[0].strip()
        if requirement and not requirement.startswith("-"):
            name, _, version = requirement.partition("==")
            pinned[canonical(name.split("[")[0])] = version
    return pinned


def canonical(name):
    return name.strip().lower().replace("_", "-").replace(".", "-")


@pytest.mark.parametrize(
    "requirements", ["requirements.txt", "requirements-test.txt", "requirements-bench.txt"]
)
def test_every_requirement_is_pinned_at_its_version_in_the_constraints(requirements):
    constraints = pins(ROOT / "constraints.txt")
    for name, version in pins(ROOT / requirements).items():
        assert version, f"{requirements}: {name} has no exact version"
        assert constraints.get(name) == version, f"{requirements}: {name}=={version}"
