from django.core.management.base import BaseCommand

from divisions.loader import load_divisions


class Command(BaseCommand):
    help = "载入 GB/T 2260 行政区划（1981–2024 全部历史）/ Load the GB/T 2260 division history."

    def handle(self, *args, **options):
        divisions, names = load_divisions()
        self.stdout.write(f"divisions: {divisions}, name rows: {names}")
