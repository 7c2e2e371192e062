"""Features talk to each other through services: a feature package may import another
feature's `services` or `policies` module, never its models, views, forms or other internals.

The one exception is the user. `community.accounts.models.User` (and the enums that are the
values of its columns) is the platform's core, not a feature's internals: every feature has
authors, hosts and learners, so each may import it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEATURES = {
    "community.forum": ROOT / "community" / "forum",
    "community.webinars": ROOT / "community" / "webinars",
    "community.events": ROOT / "community" / "events",
    "community.admin": ROOT / "community" / "admin",
    "community.accounts": ROOT / "community" / "accounts",
    "community.main": ROOT / "community" / "main",
    "courses": ROOT / "courses",
}
PUBLIC_MODULES = {"services", "policies"}
USER_NAMES = {"User", "Verification", "EmailNotifications", "Function"}


def feature_of(module):
    """'community.forum.models' -> 'community.forum'; None for platform modules."""
    for feature in FEATURES:
        if module == feature or module.startswith(feature + "."):
            return feature
    return None


def imports_in(source):
    """(line, module, names) for every import; names is None for `import x.y`."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [alias.name for alias in node.names]


def forbidden_imports(feature, source, where):
    """'where:line imports module [names]' for each import the rule forbids."""
    for line, module, names in imports_in(source):
        other = feature_of(module)
        if other is None or other == feature:
            continue
        inside = module[len(other) + 1 :].split(".")[0] if module != other else ""
        if inside in PUBLIC_MODULES:
            continue
        if module == "community.accounts.models" and names and set(names) <= USER_NAMES:
            continue
        if not inside and names and set(names) <= PUBLIC_MODULES:
            continue  # from community.forum import services
        yield f"{where}:{line} imports {module} {names or ''}".rstrip()


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_imports_other_features_only_through_services(feature):
    problems = [
        problem
        for path in sorted(FEATURES[feature].rglob("*.py"))
        for problem in forbidden_imports(
            feature, path.read_text(encoding="utf-8"), path.relative_to(ROOT)
        )
    ]
    assert problems == []


def test_the_rule_catches_imports_of_internals():
    source = (
        "from community.forum.models import Question\n"
        "from community.forum import services, views\n"
        "from community.accounts.models import User, UserRole\n"
        "import courses.models\n"
        "from courses import services as course_services\n"
        "from community.forum.policies import may_edit\n"
        "from community.accounts.models import User\n"
        "from community.webinars.models import Webinar\n"
        "from community.clock import utcnow\n"
    )
    found = [
        problem.split(" imports ", 1)[1]
        for problem in forbidden_imports("community.webinars", source, "sample.py")
    ]
    assert found == [
        "community.forum.models ['Question']",
        "community.forum ['services', 'views']",
        "community.accounts.models ['User', 'UserRole']",
        "courses.models",
    ]
