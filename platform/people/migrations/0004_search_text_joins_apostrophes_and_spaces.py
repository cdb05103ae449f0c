"""People are found however their name is typed: "D’Angelo" (typographic
apostrophe) and "D'Angelo" give the same tokens, and the search text also holds
each name joined ("dangelo", "deluca", "dellacqua"). Rebuilt for everyone
registered before (people.search.person_search_text)."""

from django.db import migrations

from people.search import person_search_text


def rebuild(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    batch = []
    for person in Person.objects.only(
            "id", "first_name", "last_name", "codice_fiscale", "phone_digits", "email"
    ).iterator(chunk_size=2000):
        person.search_text = person_search_text(
            first_name=person.first_name, last_name=person.last_name,
            codice_fiscale=person.codice_fiscale, phone_digits=person.phone_digits,
            email=person.email)
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("people", "0003_search_text_without_email_domain")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
