"""Signals of the people package, sent inside the service's transaction:
a receiver's writes commit or roll back with it."""

from django.dispatch import Signal

# sender=ConsentRecord, person=<Person>, purpose=<ConsentPurpose value>,
# acting_user=<user>: a consent was withdrawn (packages that published
# something under it remove it).
consent_withdrawn = Signal()
