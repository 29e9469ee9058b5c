"""The layers of `guides`: a module imports only from its own layer or the layers below it.

From the bottom up (the README's "Where things live" explains each):
1. text and values: how editors' text is rendered, how contact values and search words are
   written down, and the caches keyed by the content version;
2. models (with their translation registration), and the rules they keep: among them what the
   number checker knows and answers, as the scam register and the publishing rule ask it;
3. services on the models: the number checker's lookup, search, editorial work, cache
   invalidation;
4. what people reach: the public site (and its page cache), the admin, template tags,
   management commands, URLs.

A lower layer never imports a higher one, at module level or inside a function, so no import
circle can form across layers.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "guides"

LAYERS = (
    (
        "text and values",
        (
            "guides.markup",
            "guides.values",
            "guides.search.reading",
            "guides.search.bitsets",
            "guides.caching.canonical",
            "guides.caching.content",
            "guides.caching.tags",
        ),
    ),
    # Purging keeps its failures as rows (`FailedPurge`), and the models' bulk refresh of search
    # documents purges every page: it sits with the models.
    ("models", ("guides.models", "guides.translation", "guides.caching.purging")),
    ("services", ("guides.checker", "guides.search", "guides.editorial", "guides.caching")),
    (
        "interfaces",
        (
            "guides.web",
            "guides.caching.pages",
            "guides.admin",
            "guides.templatetags",
            "guides.management",
            "guides.urls",
            "guides.apps",
            "guides.migrations",
        ),
    ),
)


def layer_of(module):
    """The index of `module`'s layer, by the longest prefix that names it; None outside them."""
    best = None
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > len(best[1])
            ):
                best = (index, prefix)
    return best[0] if best else None


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imported_modules(module, source, is_package=False):
    """Every `guides` module that `source` imports, anywhere in the file."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("guides"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            if not base.startswith("guides"):
                continue
            # `from guides.search import engine` imports the module guides.search.engine.
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if candidate_is_module(candidate):
                    yield candidate
                else:
                    yield base


def candidate_is_module(name):
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def upward_imports(module, source, is_package=False):
    """The imports in `source` that reach above `module`'s layer, as (module, imported)."""
    own = layer_of(module)
    return [
        (module, imported)
        for imported in imported_modules(module, source, is_package)
        if own is not None and (layer_of(imported) or 0) > own
    ]


def guides_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield module_name(path), path


def test_every_guides_module_belongs_to_a_layer():
    assert [module for module, _path in guides_modules() if layer_of(module) is None] == ["guides"]


def test_only_django_standard_modules_stay_at_the_root_of_guides():
    root_modules = sorted(path.stem for path in PACKAGE.glob("*.py"))
    assert root_modules == ["__init__", "apps", "markup", "translation", "urls"]


def test_no_module_imports_a_higher_layer():
    found = set()
    for module, path in guides_modules():
        found.update(upward_imports(module, path.read_text(), path.name == "__init__.py"))
    assert sorted(found) == []


@pytest.mark.parametrize(
    ("module", "planted"),
    [
        ("guides.models.scams", "from ..checker import lookup"),
        ("guides.models.known_contacts", "from ..checker.lookup import records"),
        ("guides.values.mentions", "from ..models.named_contacts import contact_errors"),
        ("guides.models.scams", "def clean(self):\n    from ..web.views import guide_detail\n"),
        ("guides.values.contacts", "import guides.models"),
        ("guides.checker.lookup", "from ..web import forms"),
    ],
)
def test_a_planted_upward_import_is_found(module, planted):
    assert upward_imports(module, planted) != []


def test_imports_within_a_layer_or_downward_are_allowed():
    assert upward_imports("guides.web.views", "from ..checker import lookup") == []
    assert upward_imports("guides.checker.lookup", "from ..models import known_contacts") == []
    assert upward_imports("guides.models.scams", "from .known_contacts import load_records") == []
