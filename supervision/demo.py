"""What the demo loaders of supervision and credit share."""

from datetime import date


def demo_report_year(today: date) -> int:
    """The latest report year whose whole season (deadline 31 May, reviews to 31 August of the next year) is over:
    the year the demo's annual reports, reviews and overdue findings belong to."""
    return today.year - 1 if today > date(today.year, 8, 31) else today.year - 2
