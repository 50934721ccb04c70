"""engagement's URLs in the access matrix (socorg/tests/test_access_matrix.py).

Public (organizations, not persons): postings, pairings and their progress, key counties with their documents,
bases, training, venues and bookings. Private: a posting's applications and their outcomes — the posting
organization's own users and the officers over it ("scoped-act" / "api-scoped-act": its business supervisor sees the
organization but not the graduates' applications, 403); the applicant reads its own by reference and ID number
(an open POST). The workbench and the overdue list are the officers'.
"""

from datetime import date, time, timedelta

from django.utils import timezone

URL_POLICIES = {
    "engagement:home": "public-page",
    "engagement:jobs": "public-page",
    "engagement:my_application": "public-page",
    "engagement:posting": "public",
    "engagement:applications": "scoped-act",
    "engagement:new_posting": "scoped-act",
    "engagement:pairing": "public-page",
    "engagement:pairing_detail": "public",
    "engagement:incubation": "public-page",
    "engagement:base": "public",
    "engagement:venues": "public-page",
    "engagement:venue": "public",
    "engagement:workbench": "staff-page",
    "api-engagement-postings": "open",
    "api-engagement-posting": "public",
    "api-engagement-posting-applications": "api-scoped-act",
    "api-engagement-application-status": "open",
    "api-engagement-application-outcomes": "api-scoped-act",
    "api-engagement-duty-targets": "open",
    "api-engagement-job-counts": "open",
    "api-engagement-key-counties": "open",
    "api-engagement-pairings": "open",
    "api-engagement-pairing": "public",
    "api-engagement-pairing-projects": "public",
    "api-engagement-project-progress": "public",
    "api-engagement-progress": "open",
    "api-engagement-overdue": "api-staff",
    "api-engagement-bases": "open",
    "api-engagement-base-incubations": "public",
    "api-engagement-incubation-graduation": "public",
    "api-engagement-base-sessions": "public",
    "api-engagement-venues": "open",
    "api-engagement-venue-bookings": "public",
}
KWARGS = {
    "engagement:posting": ("pk", "posting"), "engagement:applications": ("pk", "posting"),
    "engagement:new_posting": ("code", "code"), "engagement:pairing_detail": ("pk", "pairing"),
    "engagement:base": ("pk", "base"), "engagement:venue": ("pk", "venue"),
    "api-engagement-posting": ("pk", "posting"), "api-engagement-posting-applications": ("pk", "posting"),
    "api-engagement-application-outcomes": ("pk", "application"), "api-engagement-pairing": ("pk", "pairing"),
    "api-engagement-pairing-projects": ("pk", "pairing"), "api-engagement-project-progress": ("pk", "project"),
    "api-engagement-base-incubations": ("pk", "base"), "api-engagement-incubation-graduation": ("pk", "incubation"),
    "api-engagement-base-sessions": ("pk", "base"), "api-engagement-venue-bookings": ("pk", "venue"),
}


def url_kwargs(world, name, org_key):
    if name not in KWARGS:
        return None
    key, what = KWARGS[name]
    return {key: _objects(world, org_key)[what]}


def _objects(world, org_key) -> dict:
    """One posting (with an application), pairing (with a project), base (with an incubation) and venue of
    world.<org_key>, in its registering authority's division (rows only: the matrix tests reading)."""
    cache = world.__dict__.setdefault("_engagement_objects", {})
    if org_key in cache:
        return cache[org_key]
    from .models import (
        Incubation,
        IncubationBase,
        JobApplication,
        JobPosting,
        Pairing,
        PairingProject,
        Venue,
    )

    org = getattr(world, org_key)
    day = timezone.localdate()
    posting = JobPosting.objects.create(organization=org, title="毕业生岗位", positions=2, division_id=org.authority_id,
                                        opens_on=day, closes_on=day + timedelta(days=30), posted_on=day)
    application = JobApplication.objects.create(posting=posting, reference=f"J{posting.pk}-M{org_key}", name="测试",
                                                id_number_encrypted="", id_number_hash=f"h-{org_key}",
                                                id_number_masked="110101********002X", school="某大学",
                                                graduation_year=day.year, applied_on=day)
    pairing = Pairing.objects.create(programme="general", county_id="110101", organization=org,
                                     starts_on=date(day.year, 1, 1), ends_on=date(day.year, 12, 31))
    project = PairingProject.objects.create(pairing=pairing, name="产业帮扶", budget=100,
                                            starts_on=pairing.starts_on, ends_on=pairing.ends_on)
    base = IncubationBase.objects.create(name=f"孵化基地{org_key}", division_id=org.authority_id, operator=org,
                                         opened_on=day)
    incubation = Incubation.objects.create(base=base, name="某志愿服务队", entered_on=day)
    venue = Venue.objects.create(name=f"共享场地{org_key}", division_id=org.authority_id, capacity=30,
                                 opens_at=time(9), closes_at=time(18))
    cache[org_key] = {"code": org.code, "posting": posting.pk, "application": application.pk,
                      "pairing": pairing.pk, "project": project.pk, "base": base.pk, "incubation": incubation.pk,
                      "venue": venue.pk}
    return cache[org_key]
