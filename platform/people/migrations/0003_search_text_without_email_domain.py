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
    dependencies = [("people", "0002_list_filter_indexes")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
