"""What the public organization page shows of ratings and spot checks (found by the portal through its
``public_*`` modules; supervision never imports the portal, so the section shape is declared here)."""


from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.base import PublicSection
from supervision.models import Finding, Grade

from . import rules


def sections(org, as_of=None) -> list[PublicSection]:
    """The grade on the day (with its validity, lowering and cancellation) and the published spot-check results
    up to that day."""
    day = as_of or timezone.localdate()
    grades = list(Grade.objects.filter(organization=org, conferred_on__lte=day).prefetch_related("actions")
                  .order_by("-conferred_on", "-id"))
    facts = [rules.GradeFact(g.pk, g.grade, g.conferred_on, g.valid_until) for g in grades]
    actions = [rules.ActionFact(a.pk, g.pk, a.kind, a.effective_on, a.new_grade or None)
               for g in grades for a in g.actions.all() if a.effective_on <= day]
    span = rules.span_on(rules.grade_spans(facts, actions), day)
    holding = next((g for g in grades if span and g.pk == span.grade_id), None)
    from .queries import in_publicity, publicity_dict

    publicity = [publicity_dict(d, day) for d in in_publicity(day).filter(application__organization=org)]
    out = [PublicSection(_("Evaluation grade"), "supervision/ratings/_section_grades.html",
                   {"span": span, "holding": holding, "grades": grades, "day": day, "publicity": publicity}, order=40)]
    findings = list(Finding.objects.filter(target__organization=org, published_on__isnull=False,
                                           published_on__lte=day)
                    .select_related("target__draw__plan__authority").prefetch_related("notices")
                    .order_by("-checked_on"))
    if findings:
        out.append(PublicSection(_("Random spot checks"), "supervision/spotchecks/_section_spotchecks.html",
                           {"findings": findings, "day": day}, order=45))
    return out
