"""Stable URLs of the open data: /open-data/ (every release), /open-data/<release>/<file> (a dated release),
/open-data/latest/<file> (the newest one) and /open-data/public-key.pem (to verify them)."""

import mimetypes

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from .models import Release
from .opendata import TABLES, public_key_pem, releases_dir


def index(request):
    return render(request, "stats/open_data.html", {"releases": Release.objects.all()[:60], "tables": TABLES})


def public_key(request):
    return HttpResponse(public_key_pem(), content_type="application/x-pem-file")


def latest(request, name):
    release = Release.objects.order_by("-day").first()
    if release is None:
        raise Http404("no release yet")
    return redirect("open_data:file", release_id=release.release_id, name=name)


def release_file(request, release_id, name):
    if not Release.objects.filter(release_id=release_id).exists() or "/" in name or name.startswith("."):
        raise Http404("no such release")
    path = releases_dir() / release_id / name
    if not path.is_file():
        raise Http404("no such file")
    kind = {".jsonl": "application/jsonl", ".parquet": "application/vnd.apache.parquet",
            ".sig": "application/octet-stream", ".jsonld": "application/ld+json"}.get(path.suffix) or \
        mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(open(path, "rb"), content_type=kind, filename=name)
