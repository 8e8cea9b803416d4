from django.core.management.base import BaseCommand
from django.db.models import Count

from archive.ingest.tour_store import recompute_doubts
from archive.models import Doubt, Enterprise, Official, Visit


class Command(BaseCommand):
    help = (
        "How many tours have doubts, in all and by reason; and whether any doubt calls unknown "
        "what the gazetteer knows. With --recompute, every tour's doubts are computed again first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--recompute", action="store_true", help="compute every tour's doubts again"
        )

    def handle(self, *args, recompute=False, **options):
        if recompute:
            self.stdout.write(f"{recompute_doubts()} tours' doubts computed again")
        tours = Visit.objects.count()
        doubtful = Visit.objects.filter(doubts__isnull=False).distinct().count()
        self.stdout.write(
            f"{tours} tours, {doubtful} with at least one doubt ({_share(doubtful, tours)})"
        )
        by_code = dict(
            Doubt.objects.order_by().values_list("code").annotate(n=Count("visit", distinct=True))
        )
        for code, label in Doubt.Code.choices:
            n = by_code.get(code, 0)
            self.stdout.write(f"  {code:<20} {n:>6} ({_share(n, tours)})  {label}")
        # What the gazetteer knows: its officials have dated posts (an import's have none);
        # companies are in it once an editor named them so (none of an import's own).
        known_people = set(
            Official.objects.filter(posts__isnull=False).values_list("name", flat=True)
        )
        people = Doubt.objects.filter(code=Doubt.Code.UNKNOWN_OFFICIAL, detail__in=known_people)
        self.stdout.write(f"doubts calling a gazetteer official unknown: {people.count()}")
        edited = Enterprise.history.filter(history_user__isnull=False).values("id")
        companies = Doubt.objects.filter(
            code=Doubt.Code.UNKNOWN_ENTERPRISE,
            detail__in=Enterprise.objects.filter(pk__in=edited).values("name"),
        )
        self.stdout.write(
            f"doubts calling a company an editor made or named unknown: {companies.count()}"
        )


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"
