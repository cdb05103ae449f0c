"""Birth places were stored as ``str.title()`` made them from the ministry's
upper-case table ("Forli'", "Stati Uniti D'America"); rewritten as Italians
write them ("Forlì", "Stati Uniti d'America", codes.names.place_name)."""

from django.db import migrations

from codes.names import place_name


def rewrite(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    names = Person.objects.exclude(birth_place_name="").values_list(
        "birth_place_name", flat=True).distinct()
    for stored in list(names):
        written = place_name(stored.upper())
        if written != stored:
            Person.objects.filter(birth_place_name=stored).update(birth_place_name=written)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_search_text_joins_apostrophes_and_spaces")]
    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
