from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Loads the WSIS+10 negotiation of April 2014 and one demo account per role. Demo mode "
        "only (DJANGO_DEBUG=1, as `make run` sets it): the accounts have a published password."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "The demo creates accounts with a published password, so it loads only in demo "
                "mode. Run `make run`, or set DJANGO_DEBUG=1 on a machine that is not public."
            )
        result = load_demo()
        for title in result.created_documents:
            self.stdout.write(f"Loaded {title}")
        for symbol in result.created_publications:
            self.stdout.write(f"Published {symbol}, Status as of 17 April 2014, COB")
        for period in result.created_periods:
            self.stdout.write(f"Comment period: {period}")
        for line in result.created_meetings:
            self.stdout.write(line)
        if not (
            result.created_documents
            or result.created_publications
            or result.created_periods
            or result.created_meetings
        ):
            self.stdout.write("The WSIS+10 demo is already loaded; nothing changed.")
        base = "http://127.0.0.1:8000"
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts (demo mode only)"))
        self.stdout.write(f"  {'username':<17} {'password':<16} {'role':<13} acting for")
        for account in result.accounts:
            self.stdout.write(
                f"  {account.username:<17} {account.password:<16} {account.role:<13} "
                f"{account.stakeholder or '-'}  ({account.full_name})"
            )
        self.stdout.write("")
        self.stdout.write(f"Open {base}/p/{result.process.slug}/ once the server has started.")
        self._meeting_pages(base, result)
        self.stdout.write(f"Administration (as secretariat): {base}/admin/")

    def _meeting_pages(self, base: str, result) -> None:
        """Where a newcomer sees the meetings: the held one's pages, and the announced one."""
        held, announced = result.meetings
        meetings = f"{base}/p/{result.process.slug}/meetings"
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"{held.phase}: {held.title}, {held.starts_on.day}-{held.ends_on.day} "
                f"{held.ends_on:%B %Y}, {held.venue}"
            )
        )
        pages = [
            ("The meeting (who took part, and how)", f"{meetings}/{held.number}/"),
            ("The Chair's main outcomes", f"{meetings}/{held.number}/outcomes/"),
            ("The live screen (Para 21 is on it)", f"{meetings}/{held.number}/screen/"),
            ("The Chair's dashboard (log in as chair)", f"{meetings}/{held.number}/dashboard/"),
            (f"Next: {announced.title}", f"{meetings}/{announced.number}/"),
        ]
        for label, url in pages:
            self.stdout.write(f"  {label + ':':<42} {url}")
