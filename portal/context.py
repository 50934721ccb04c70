from django.conf import settings


def site(request):
    return {"SHOW_DEMO_BANNER": settings.SOCORG["SHOW_DEMO_BANNER"]}
