"""``{% optional_url "casework:consultation_create" person_id=person.pk as url %}``:
the URL when that page exists, "" when its package has not (yet) defined it, so
the person's page links only to pages that exist."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args, **kwargs) -> str:
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""
