"""The layers of socorg, top first: a module may import only from the layers below its own (DESIGN:
"Dependency direction"). ``socorg/tests/test_layers.py`` enforces it with import-linter; apps that do not exist
yet are skipped, so a new app only has to be listed here in its place."""

import importlib.util

LAYERS = ("socorg", "portal", "stats", "engagement", "charity", "credit", "supervision", "registry", "audit",
          "accounts", "divisions", "common")


def present() -> list[str]:
    """The layers whose package exists (top first)."""
    return [name for name in LAYERS if importlib.util.find_spec(name) is not None]


def importlinter_config() -> str:
    """An import-linter configuration (INI) for the layers present. Tests are exempt: a test may build data
    across apps."""
    layers = present()
    lines = ["[importlinter]", "root_packages =", *[f"    {name}" for name in layers],
             "include_external_packages = False", "",
             "[importlinter:contract:layers]", "name = Apps import only the apps below them", "type = layers",
             "layers =", *[f"    {name}" for name in layers],
             "ignore_imports =", "    **.tests.** -> **"]
    return "\n".join(lines) + "\n"
