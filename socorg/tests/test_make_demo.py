"""`make run` loads the demo register with the commands of the Makefile's `demo` target, in that order and with
their default arguments: they must all succeed on a fresh database (one app's demo must not pick an organization
another app's demo has since listed or removed)."""

import io
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import call_command

from registry.models import Organization

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def demo_commands() -> list[list[str]]:
    target = re.search(r"^demo:.*\n((?:\t.*\n)+)", MAKEFILE.read_text(encoding="utf-8"), re.M)
    assert target, "the Makefile has a demo target"
    return [shlex.split(line.strip())[1:] for line in target.group(1).splitlines()
            if line.strip().startswith("$(MANAGE)")]


def test_the_makefile_demo_target_lists_every_demo_loader():
    names = [command[0] for command in demo_commands()]
    assert names[0] == "load_demo" and len(names) == len(set(names)) >= 6
    assert all(name.startswith("load_demo") for name in names)


@pytest.mark.django_db
def test_every_demo_command_of_make_run_succeeds_in_order_with_its_defaults():
    for command in demo_commands():
        call_command(*command, stdout=io.StringIO())
    assert Organization.objects.filter(is_demo=True).count() >= 200
