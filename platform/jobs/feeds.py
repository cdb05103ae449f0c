"""Each board of a counter as RSS 2.0 (Django syndication) and as JSON Feed 1.1."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from core import wording
from jobs.models import BoardKind
from jobs.selectors import boards as selectors

VACANCIES = "offerte"
BOARDS = {VACANCIES: "Offerte di lavoro", **dict(BoardKind.choices)}
FEED_SIZE = 50


def _title(request, board: str) -> str:
    tenant = request.tenant
    return f"{BOARDS[board]} · {wording.counter_title(tenant.name, tenant.kind)}"


def feed_entries(board: str) -> list[dict]:
    """The entries of a board, newest first, as both feeds give them."""
    if board == VACANCIES:
        return [{"id": f"offerta-{v.pk}", "title": v.title, "summary": v.description[:500],
                 "url": reverse("jobs:public_vacancy", kwargs={"vacancy_id": v.pk}),
                 "date": v.published_at} for v in selectors.public_vacancies()[:FEED_SIZE]]
    return [{"id": f"{item.kind}-{item.pk}", "title": item.title,
             "summary": item.summary or item.body[:500],
             "url": reverse("jobs:public_board_item", kwargs={"item_id": item.pk}),
             "date": item.published_at}
            for item in selectors.public_board_items(kind=board)[:FEED_SIZE]]


class BoardFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "it"

    def get_object(self, request, board: str):
        if board not in BOARDS:
            raise Http404("Bacheca non trovata.")
        self.request = request
        return board

    def title(self, board):
        return _title(self.request, board)

    def link(self, board):
        return reverse("jobs:public_board", kwargs={"board": board})

    def description(self, board):
        return f"{BOARDS[board]} pubblicati dallo sportello."

    def items(self, board):
        return feed_entries(board)

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["summary"]

    def item_link(self, item):
        return item["url"]

    def item_guid(self, item):
        return item["id"]

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item["date"]


def json_feed(request, board: str):
    """The board as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    if board not in BOARDS:
        raise Http404("Bacheca non trovata.")
    home = request.build_absolute_uri(reverse("jobs:public_board", kwargs={"board": board}))
    return JsonResponse({
        "version": "https://jsonfeed.org/version/1.1", "title": _title(request, board),
        "language": "it", "home_page_url": home,
        "feed_url": request.build_absolute_uri(reverse("jobs:board_json",
                                                       kwargs={"board": board})),
        "items": [{"id": entry["id"], "url": request.build_absolute_uri(entry["url"]),
                   "title": entry["title"], "summary": entry["summary"],
                   "content_text": entry["summary"],
                   "date_published": entry["date"].isoformat() if entry["date"] else None}
                  for entry in feed_entries(board)],
    }, json_dumps_params={"ensure_ascii": False})
