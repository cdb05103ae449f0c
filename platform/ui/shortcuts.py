from django.http import Http404

from core.errors import NotFound


def found_or_404(getter, **kwargs):
    """Call an access helper (``get_<thing>_for``); its NotFound, which covers
    missing and forbidden alike, becomes the Italian 404 page."""
    try:
        return getter(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc
