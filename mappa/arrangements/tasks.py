"""The chair's meeting pack built as background work (django.tasks, run by `mappa worker`): each case on the
agenda read through the policy as the reader who asked, then the PDF, stored for that reader. Each step is
written to the pack as it goes, for the page's progress."""
import logging

from django.tasks import task
from django.utils import timezone

from mappa.access import policy
from mappa.arrangements import queries, rules, services
from mappa.arrangements.models import LevelDecision, MeetingPack
from mappa.core.markings import highest
from mappa.core.pdf import render_pdf_bytes

log = logging.getLogger("mappa.arrangements")

# The share of the bar each stage takes: reading the cases is most of it on a long agenda.
READING, DRAWING = (0, 80), 85


@task
def build_meeting_pack(pack_id: int) -> str:
    """Build the pack a reader asked for and keep it for them; returns what became of it."""
    pack = (MeetingPack.objects.select_related("owner__team__area", "owner__agency", "meeting__chair", "meeting__area")
            .filter(pk=pack_id, status=MeetingPack.Status.QUEUED).first())
    if pack is None:
        return "nothing to build"  # already built, or asked for again meanwhile
    if not services.may_run_meeting(pack.owner, pack.meeting):
        services.fail_pack(pack.pk, "You may no longer build this pack")
        return "refused"
    try:
        return _build(pack)
    except Exception as exc:  # kept as the class only: a message could quote a record
        log.error("Meeting pack %s could not be built: %s", pack.pk, type(exc).__qualname__)
        services.fail_pack(pack.pk, "Something went wrong while building it")
        return "failed"


def _build(pack) -> str:
    owner, meeting = pack.owner, pack.meeting
    read_at = timezone.now()  # changes after this are not in the pack
    services.record_pack_progress(pack.pk, "Reading the agenda", READING[0])
    context = queries.meeting_context(owner, meeting, timezone.localdate())
    agenda = context["agenda"]
    for done, entry in enumerate(agenda, start=1):
        entry.summary = queries.case_summary(owner, entry.nominal, context["today"], with_suggestion=False)
        entry.history = list(policy.items_for(owner, LevelDecision, nominal=entry.nominal)[:5])
        services.record_pack_progress(pack.pk, f"Reading the cases ({done} of {len(agenda)})",
                                      READING[0] + (READING[1] - READING[0]) * done // len(agenda))
    services.record_pack_progress(pack.pk, "Drawing the PDF", DRAWING)
    context.update(standing_items=rules.STANDING_ITEMS, reader_agency=owner.agency)
    pdf = render_pdf_bytes("arrangements/pdf_pack.html", context, marking=highest([queries.SENSITIVE, context["marking"]]),
                           title=f"Chair's meeting pack: {meeting}")
    services.store_pack(pack, pdf=pdf, cases=[entry.nominal_id for entry in agenda], read_at=read_at)
    return "built"
