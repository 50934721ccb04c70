"""Sections that lower apps add to the public organization page.

An app (supervision, credit, charity …) may not import the portal (imports point down), so the portal looks
for modules named ``public_*.py`` in those apps. Each defines::

    def sections(org, as_of) -> list[Section]

returning what the rules make public about ``org`` (on ``as_of`` when given, else today).
"""

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache

SECTION_APPS = ("supervision", "credit", "charity", "engagement", "stats")


@dataclass
class Section:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@cache
def _providers():
    found = []
    for app in SECTION_APPS:
        try:
            package = importlib.import_module(app)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("public_"):
                module = importlib.import_module(f"{app}.{info.name}")
                if hasattr(module, "sections"):
                    found.append(module.sections)
    return found


def collect(org, as_of=None) -> list[Section]:
    sections = [s for provider in _providers() for s in provider(org, as_of)]
    return sorted(sections, key=lambda s: s.order)
