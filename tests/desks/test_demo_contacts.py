"""The demo counters of ``make run`` come with contacts and a closure."""

from __future__ import annotations

from accounts.models import Role
from config import demo
from desks import closures
from desks.models import Closure, CounterContact
from tests.factories import staff_here


def test_given_a_demo_counter_when_seeding_twice_then_contacts_and_one_closure(in_a):
    admin = staff_here(Role.TENANT_ADMIN)

    demo._seed_counter("bologna", admin=admin)
    demo._seed_counter("bologna", admin=admin)

    contact = CounterContact.objects.get()
    assert (contact.address, contact.phone) == ("Piazza Maggiore 6, 40124 Bologna",
                                                "051 219 3111")
    closure = Closure.objects.get()
    assert closure.starts_on.weekday() == 4
    assert closures.closed_reason(closure.starts_on) == demo.CLOSURE_REASON


def test_given_every_demo_counter_when_looking_up_its_contacts_then_all_have_a_phone():
    assert {profile.slug for profile in demo.TENANTS} == set(demo.CONTACTS)
    assert all(phone for _, phone, _, _ in demo.CONTACTS.values())
