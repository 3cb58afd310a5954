"""Background work for the importers, run by `warta worker`."""

from django_tasks import task

from warta.importers import wires
from warta.news.models import WireSource


@task()
def poll_wire_source(source_id: int) -> int:
    """Poll one wire source now; 0 when it is gone or switched off meanwhile."""
    source = WireSource.objects.filter(pk=source_id, active=True).first()
    return wires.poll(source) if source is not None else 0
