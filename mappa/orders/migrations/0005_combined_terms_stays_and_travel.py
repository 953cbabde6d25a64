"""Combined custodial terms, stays that add up, and foreign travel by the regulations of the day.

Schema: a sentence can run consecutively, concurrently or partly concurrently with another (Sexual Offences
Act 2003 s.82(3)-(4)); a stay at an address not notified has an address and a last day (s.84(1)(c) and (6));
foreign travel has a return date and says whether short notice was given.

Reference data: the qualifying period's 12 months, and the foreign travel rules as the regulations of each
period set them (replacing the single "travel_days_before" number).
"""
import datetime
import importlib

import django.db.models.deletion
from django.db import migrations, models

from mappa.core import reference

COMMENCED = datetime.date(2004, 5, 1)
REGULATIONS_2012 = datetime.date(2012, 8, 13)
TRAVEL_2004 = "Sexual Offences Act 2003 (Travel Notification Requirements) Regulations 2004 (SI 2004/1220)"

ROWS = [
    {
        "key": "orders.notification.stay_within_months",
        "effective_from": COMMENCED,
        "value": 12,
        "source": "Sexual Offences Act 2003, s.84(6): 'qualifying period' means (a) a period of 7 days, or (b) two or "
        "more periods, in any period of 12 months, which taken together amount to 7 days (the 7 days are "
        "orders.notification.other_address_days)",
        "description": "Months within which separate stays at one address add up to the qualifying period",
    },
    {
        "key": "orders.notification.travel",
        "effective_from": COMMENCED,
        "value": {"minimum_days_abroad": 3, "days_before": 7, "short_notice_hours": 24, "excused_hours": None},
        "source": f"Sexual Offences Act 2003 s.86 and the {TRAVEL_2004}: travel outside the United Kingdom for a "
        "period of three days or more notified not less than 7 days before departure, or, where the details are not "
        "known then, not less than 24 hours before departure (reg 7(2)); HMI Probation/HMIC 2010, ¶2.4L "
        "(catalogue T-04). Days abroad are counted from departure to return, both included",
        "description": "Foreign travel: shortest trip to notify, days of notice, hours of short notice",
    },
    {
        "key": "orders.notification.travel",
        "effective_from": REGULATIONS_2012,
        "value": {"minimum_days_abroad": 0, "days_before": 7, "short_notice_hours": 24, "excused_hours": 12},
        "source": "Sexual Offences Act 2003 (Notification Requirements) (England and Wales) Regulations 2012 "
        f"(SI 2012/1876), in force 13 August 2012, amending the {TRAVEL_2004}: all foreign travel is notified, "
        "whatever its length (Home Office, 'Sexual Offences Act 2003 (Notification Requirements) (England and Wales) "
        "Regulations 2012', gov.uk: 'of all foreign travel (including travel outside of the UK of less than three "
        "days)'); in reg 7(2) '24 hours' became '12 hours', and a new reg 7(3): not less than 24 hours 'unless he has "
        "a reasonable excuse' (words as in the same amendment for Northern Ireland, SR 2014/185 reg 7)",
        "description": "Foreign travel: shortest trip to notify, days of notice, hours of short notice",
    },
]
# The single number this replaces, kept here so the migration can be reversed.
REPLACED = [r for r in importlib.import_module("mappa.orders.migrations.0001_reference_data").ROWS
            if r["key"] == "orders.notification.travel_days_before"]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)
    reference.unload_rows(apps, REPLACED)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)
    reference.load_rows(apps, REPLACED)



class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0004_order_kinds_by_date'),
    ]

    operations = [
        migrations.AddField(
            model_name='notificationevent',
            name='notice',
            field=models.CharField(blank=True, choices=[('', 'The usual notice before departure'), ('not_known', 'Short notice: travel details not known in time'), ('excused', 'Short notice, with a reasonable excuse for less')], default='', help_text='Foreign travel only', max_length=20, verbose_name='Notice of travel'),
        ),
        migrations.AddField(
            model_name='notificationevent',
            name='returns_on',
            field=models.DateField(blank=True, help_text='Foreign travel only: the day back in the United Kingdom', null=True, verbose_name='Date of return'),
        ),
        migrations.AddField(
            model_name='notificationevent',
            name='stay_address',
            field=models.CharField(blank=True, help_text='Stays at an address not notified: stays at the same address add up', max_length=300, verbose_name='Address stayed at'),
        ),
        migrations.AddField(
            model_name='notificationevent',
            name='stay_ends_on',
            field=models.DateField(blank=True, help_text='Leave empty while the stay goes on', null=True, verbose_name='Last day of the stay'),
        ),
        migrations.AddField(
            model_name='sentence',
            name='overlap_months',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Partly concurrent terms only', max_digits=6, null=True, verbose_name='Months the two terms run together'),
        ),
        migrations.AddField(
            model_name='sentence',
            name='runs',
            field=models.CharField(blank=True, choices=[('', 'Not with another term'), ('consecutive', 'Consecutive (starts when the other ends)'), ('concurrent', 'Concurrent (runs alongside the other)'), ('partly_concurrent', 'Partly concurrent (overlaps the other for a time)')], default='', max_length=20, verbose_name='Runs with another term'),
        ),
        migrations.AddField(
            model_name='sentence',
            name='runs_with',
            field=models.ForeignKey(blank=True, help_text='The custodial term this one follows or runs alongside', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orders.sentence', verbose_name='The other term'),
        ),
        migrations.AlterField(
            model_name='notificationevent',
            name='kind',
            field=models.CharField(choices=[('initial', 'Initial notification'), ('name', 'Change of name'), ('address', 'Change of home address'), ('other_address', 'Staying at an address not notified (the qualifying period)'), ('foreign_travel', 'Foreign travel'), ('under_18', 'Someone under 18 at the address'), ('email', 'Email or online identity'), ('passport', 'Passport'), ('bank', 'Bank account or card'), ('homeless', 'Weekly notification (no fixed address)'), ('periodic', 'Annual re-notification')], max_length=20),
        ),
        migrations.AlterField(
            model_name='notificationevent',
            name='event_date',
            field=models.DateField(help_text='For foreign travel, the departure date; for a stay, its first day; for re-notification, the last notification', verbose_name='Date of the change or event'),
        ),
        migrations.RunPython(load, unload),
    ]
