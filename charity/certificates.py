"""Certificates of recognition and of the qualification as PDF (WeasyPrint). The CJK font is named explicitly
("Noto Sans CJK SC", Debian's fonts-noto-cjk) and WeasyPrint embeds only the glyphs used (a subset)."""

from django.template.loader import render_to_string

CJK_FONT = "Noto Sans CJK SC"


def certificate_html(grant) -> str:
    return render_to_string("charity/certificate.html", {
        "grant": grant, "org": grant.organization, "revocation": getattr(grant, "revocation", None),
        "font": CJK_FONT})


def certificate_document(grant):
    from weasyprint import HTML

    return HTML(string=certificate_html(grant)).render()


def certificate_pdf(grant) -> bytes:
    return certificate_document(grant).write_pdf()
