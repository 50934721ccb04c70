"""Sections that lower apps add to the public organization page.

An app (supervision, credit, charity …) may not import the portal (imports point down), so it names its
section modules in its declaration (``AppDeclaration(sections=...)``, common/declarations.py). Each defines::

    def sections(org, as_of) -> list[Section]

returning what the rules make public about ``org`` (on ``as_of`` when given, else today).
"""

from functools import cache

from common.declarations import Section, section_modules

__all__ = ["Section", "collect"]


@cache
def _providers():
    return [module.sections for module in section_modules() if hasattr(module, "sections")]


def collect(org, as_of=None) -> list[Section]:
    sections = [s for provider in _providers() for s in provider(org, as_of)]
    return sorted(sections, key=lambda s: s.order)
