"""The layers of socorg, top first: a module may import only from the layers below its own (DESIGN:
"Dependency direction"). ``socorg/tests/test_layers.py`` enforces it with import-linter; apps that do not exist
yet are skipped, so a new app only has to be listed here in its place."""

import importlib.util

# A layer is one app, or a set of independent sibling apps (a tuple): siblings may not import each other.
SERVICE_APPS = ("engagement", "exchange", "care")
LAYERS = ("socorg", "operations", "portal", "stats", *SERVICE_APPS, "charity", "credit", "supervision", "registry",
          "audit", "accounts", "divisions", "common")
SIBLINGS = (SERVICE_APPS,)


def present() -> list[str]:
    """The apps whose package exists (top first)."""
    return [name for name in LAYERS if importlib.util.find_spec(name) is not None]


def _contract_layers(names: list[str]) -> list[str]:
    """Layer lines for import-linter: independent siblings on one line joined by ' | '."""
    lines, done = [], set()
    for name in names:
        if name in done:
            continue
        group = next((g for g in SIBLINGS if name in g), (name,))
        members = [n for n in group if n in names]
        done.update(members)
        lines.append(" | ".join(members))
    return lines


def importlinter_config() -> str:
    """An import-linter configuration (INI) for the layers present. Tests are exempt: a test may build data
    across apps."""
    layers = present()
    lines = ["[importlinter]", "root_packages =", *[f"    {name}" for name in layers],
             "include_external_packages = False", "",
             "[importlinter:contract:layers]", "name = Apps import only the apps below them", "type = layers",
             "layers =", *[f"    {line}" for line in _contract_layers(layers)],
             "ignore_imports =", "    **.tests.** -> **"]
    return "\n".join(lines) + "\n"
