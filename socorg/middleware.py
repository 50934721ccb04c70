class ChineseFirstMiddleware:
    """zh-Hans until the visitor chooses otherwise: the browser's Accept-Language header is ignored, only the
    language cookie (set by the switch at /i18n/setlang/) or a language prefix changes the language. Place
    before django.middleware.locale.LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
