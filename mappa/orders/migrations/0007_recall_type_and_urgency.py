"""Recall: its type (standard or fixed-term) and its urgency (emergency or standard) become separate fields;
the time of arrest is kept; the fixed term, the arrest target and the times from revocation to arrest and to
return are derived. An old "emergency" recall becomes a standard recall with emergency urgency.

The reference data: the length of a fixed-term recall (Criminal Justice Act 2003 ss.255A-255C as inserted
and amended) and the police's arrest target by urgency (recall guidance, as given by practitioners: the
documents in shared/ say only "within a matter of hours").
"""
import datetime

from django.db import migrations, models
from django.utils import timezone

from mappa.core import reference

CJA = "Criminal Justice Act 2003"
ROWS = [
    {
        "key": "orders.recall.fixed_term",
        "effective_from": datetime.date(2008, 7, 14),
        "value": {"excluded_kinds": ["extended", "life", "ipp"], "bands": [{"days": 28}]},
        "source": f"{CJA} s.255A(4), inserted by the Criminal Justice and Immigration Act 2008 s.29 (in force 14 July "
        "2008): automatic release is 'release at the end of the period of 28 days beginning with the date on which the "
        "prisoner is returned to prison'; an extended sentence prisoner is not eligible (s.255A(2)(a)); life and IPP "
        "licences are recalled under the Crime (Sentences) Act 1997 s.32, with no fixed term. Specified offence "
        "prisoners were also excluded until 3 December 2012 (not checked: the service does not record it). Seed 003 "
        "line 690 (good practice 2009-2012, E3.1-06): 'a 28 day fixed term recall, rather than a standard recall to "
        "the end of sentence'",
        "description": "Length of a fixed-term recall in days, by the length of the sentence",
    },
    {
        "key": "orders.recall.fixed_term",
        "effective_from": datetime.date(2012, 12, 3),
        "value": {"excluded_kinds": ["extended", "life", "ipp"], "bands": [{"days": 28}]},
        "source": f"{CJA} ss.255A-255C as substituted by the Legal Aid, Sentencing and Punishment of Offenders Act 2012 "
        "s.114 (in force 3 December 2012, SI 2012/2906): a fixed-term recall of 28 days; 'a person other than an "
        "extended sentence prisoner' (s.255A(2))",
        "description": "Length of a fixed-term recall in days, by the length of the sentence",
    },
    {
        "key": "orders.recall.fixed_term",
        "effective_from": datetime.date(2015, 2, 1),
        "value": {"excluded_kinds": ["extended", "life", "ipp"], "bands": [{"under_months": 12, "days": 14}, {"days": 28}]},
        "source": f"{CJA} ss.255B-255C as amended by the Offender Rehabilitation Act 2014 (s.9, recall and further "
        "release, in force 1 February 2015, SI 2015/40 art.2(i)), when sentences under 12 months gained a licence: "
        "14 days for a sentence of less than 12 months, 28 days for 12 months or more",
        "description": "Length of a fixed-term recall in days, by the length of the sentence",
    },
    {
        "key": "orders.recall.arrest_hours",
        "effective_from": datetime.date(2008, 4, 1),
        "value": {"emergency": 2, "standard": 24},
        "source": "Recall guidance as practitioners state it: the police aim to arrest within 2 hours of an emergency "
        "recall and within 24 hours of a standard one. The documents in shared/ give no figure, only 'initiated an "
        "emergency recall, and the revocation was received by the police within a matter of hours' (seed 003 line 674; "
        "good practice 2009-2012 E3.1-02, catalogue R-73 and OM-07). Check against the recall policy framework in force",
        "description": "Hours after revocation within which the police aim to arrest, by urgency",
    },
]


def forwards(apps, schema_editor):
    reference.load_rows(apps, ROWS)
    Recall = apps.get_model("orders", "Recall")
    Recall.objects.filter(kind="emergency").update(kind="standard", urgency="emergency")
    targets = ROWS[-1]["value"]
    for recall in Recall.objects.filter(decision="revoked", decided_at__isnull=False):
        revoked_on = timezone.localtime(recall.decided_at).date()
        recall.arrest_target_hours = targets[recall.urgency]
        if recall.returned_to_custody_on and recall.returned_to_custody_on >= revoked_on:
            recall.days_to_return = (recall.returned_to_custody_on - revoked_on).days
        recall.save(update_fields=["arrest_target_hours", "days_to_return"])


def backwards(apps, schema_editor):
    Recall = apps.get_model("orders", "Recall")
    Recall.objects.filter(urgency="emergency").update(kind="emergency")
    reference.unload_rows(apps, ROWS)



class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0006_one_category2_threshold'),
        ('core', '0002_reference_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='recall',
            name='arrest_target_hours',
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='recall',
            name='arrested_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='Time of arrest'),
        ),
        migrations.AddField(
            model_name='recall',
            name='basis',
            field=models.CharField(blank=True, editable=False, help_text='The legal or guidance source of the fixed term and the arrest target', max_length=600),
        ),
        migrations.AddField(
            model_name='recall',
            name='days_to_return',
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='recall',
            name='fixed_term_days',
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='recall',
            name='fixed_term_ends_on',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='recall',
            name='minutes_to_arrest',
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='recall',
            name='urgency',
            field=models.CharField(choices=[('standard', 'Standard'), ('emergency', 'Emergency')], default='standard', help_text='An emergency recall asks the police to arrest at once', max_length=20, verbose_name='Urgency'),
        ),
        migrations.AlterField(
            model_name='recall',
            name='decided_at',
            field=models.DateTimeField(blank=True, help_text='For a revoked licence, the time of the revocation', null=True, verbose_name='Decision time'),
        ),
        migrations.AlterField(
            model_name='recall',
            name='kind',
            field=models.CharField(choices=[('standard', 'Standard recall (to the end of the sentence)'), ('fixed_term', 'Fixed-term recall')], max_length=20, verbose_name='Type of recall'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
