"""The web/API kit in common/ (common/web.py, accounts/permissions.py, {% render_field %}) is the one copy."""

from pathlib import Path

import pytest
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory

from accounts.permissions import IsStaff, StaffWrites, staff_required
from common.errors import RuleViolation
from common.forms import ProblemForm, text
from common.web import visible_or_404

ROOT = Path(__file__).resolve().parents[2]


class NameForm(ProblemForm):
    name = text("Name", required=True, help_text="As registered.")


def test_render_field_shows_the_required_marker_help_and_both_languages_of_a_problem():
    form = NameForm({"name": ""})
    form.is_valid()
    form.show(RuleViolation.one("NAME-REQUIRED", "name", "名称不能为空", "the name is required"))
    html = Template("{% load fields %}{% render_field form.name wide=True %}").render(Context({"form": form}))
    assert 'class="req"' in html and "field-wide" in html and "has-problem" in html
    assert 'data-code="NAME-REQUIRED"' in html and "名称不能为空" in html and "the name is required" in html
    assert 'aria-invalid="true"' in html and "As registered." in html


def test_no_app_keeps_its_own_field_or_problems_partial():
    partials = sorted(str(p.relative_to(ROOT)) for name in ("_field.html", "_problems.html", "_general_problems.html")
                      for p in ROOT.glob(f"*/templates/**/{name}"))
    assert partials == ["common/templates/common/_field.html", "common/templates/common/_problems.html"]


@pytest.mark.django_db
def test_role_guards_come_from_the_one_staff_rule(world):
    request = RequestFactory().post("/")
    request.user = world.user_a
    assert not IsStaff().has_permission(request, None) and not StaffWrites().has_permission(request, None)
    request.method = "GET"
    assert StaffWrites().has_permission(request, None) and not IsStaff().has_permission(request, None)
    request.user = world.county_a
    assert IsStaff().has_permission(request, None)
    assert staff_required(lambda request: "through")(request) == "through"


@pytest.mark.django_db
def test_visible_or_404_narrows_to_the_user_and_raises_the_given_refusal(world):
    from registry.models import Organization

    assert visible_or_404(Organization.objects.all(), world.county_a, world.org_a.pk) == world.org_a
    with pytest.raises(Http404):
        visible_or_404(Organization.objects.all(), world.county_a, world.org_b.pk)
    with pytest.raises(RuleViolation):
        visible_or_404(Organization.objects.all(), world.county_a, error=lambda: RuleViolation.one(
            "NOT-FOUND", None, "未找到", "not found", status=404), name=world.org_b.name)
