"""Two standard licence conditions from the Criminal Justice (Sentencing) (Licence Conditions) Order 2015
(SI 2015/337), art.3(2)(f) and (g), in force 23 March 2015: work only as approved, and no travel outside the
British Islands without permission. Catalogue rows from that date, so licences issued before it keep the
standard conditions they were issued with.

The Order's words, with "An offender must" (art.3(2)) read into each. The Criminal Justice (Sentencing)
(Licence Conditions) Order 2005 (SI 2005/648, art.2(2)(d) and (e)) had like conditions, in other words,
from 4 April 2005; the catalogue's first version (1 April 2008) does not carry them.
"""
import datetime

from django.db import migrations

FROM = datetime.date(2015, 3, 23)
ORDER = ("Criminal Justice (Sentencing) (Licence Conditions) Order 2015 (SI 2015/337), in force 23 March 2015, "
         "art.3(2): the standard conditions that must be included in a licence under the Criminal Justice Act 2003 "
         "s.250(4)(a)")
CATALOGUE = [
    ("work_approved", "Work only as approved by the supervising officer",
     "Not undertake work, or a particular type of work, unless it is approved by the supervising officer and notify "
     "the supervising officer in advance of any proposal to undertake work or a particular type of work.",
     f"{ORDER}, paragraph (f)"),
    ("travel_abroad", "Not travel outside the United Kingdom without permission",
     "Not travel outside the United Kingdom, the Channel Islands or the Isle of Man except with the prior permission "
     "of the supervising officer or for the purposes of immigration deportation or removal.",
     f"{ORDER}, paragraph (g)"),
]


def load(apps, schema_editor):
    Catalogue = apps.get_model("licences", "CatalogueCondition")
    for code, title, text, source in CATALOGUE:
        Catalogue.objects.update_or_create(code=code, effective_from=FROM, defaults={
            "title": title, "category": "standard", "text": text, "parameters": [], "source": source})


def unload(apps, schema_editor):
    Catalogue = apps.get_model("licences", "CatalogueCondition")
    Catalogue.objects.filter(code__in=[row[0] for row in CATALOGUE], effective_from=FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("licences", "0006_repeated_zone_checks_reference")]
    operations = [migrations.RunPython(load, unload)]
