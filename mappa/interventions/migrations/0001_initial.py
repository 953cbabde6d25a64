"""The programme catalogue, referrals to programmes, their sessions, and one-to-one work."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0003_user_victim_liaison'),
        ('nominals', '0011_search_facts'),
        ('orders', '0011_release_points'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True)),
                ('name', models.CharField(max_length=200)),
                ('kind', models.CharField(choices=[('sexual', 'Sex offender treatment programme'), ('domestic_abuse', 'Domestic abuse programme'), ('general', 'General offending behaviour programme'), ('substance', 'Substance misuse programme'), ('women', 'Programme for women')], max_length=20)),
                ('accredited', models.BooleanField(default=True)),
                ('delivery', models.CharField(choices=[('group', 'Group'), ('individual', 'One-to-one'), ('either', 'Group or one-to-one')], default='group', max_length=20)),
                ('sessions', models.PositiveIntegerField(blank=True, help_text='Sessions in the programme, if the source gives them', null=True)),
                ('hours', models.PositiveIntegerField(blank=True, help_text='Hours of work, if the source gives them', null=True)),
                ('eligibility', models.CharField(blank=True, help_text='Who it is for, as the source says', max_length=300)),
                ('effective_from', models.DateField()),
                ('ended_on', models.DateField(blank=True, null=True)),
                ('source', models.TextField(help_text='Where the facts of this row come from')),
            ],
            options={
                'ordering': ['kind', 'name'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeReferral',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('handling', models.CharField(blank=True, choices=[('', 'No extra restriction'), ('victim', 'Victim details'), ('intelligence', 'Intelligence with handling conditions'), ('health', 'Health information')], default='', max_length=20)),
                ('referred_on', models.DateField(verbose_name='Date referred')),
                ('reason', models.CharField(help_text='The need or risk the programme addresses', max_length=300, verbose_name='Why referred')),
                ('eligibility', models.CharField(choices=[('pending', 'Not yet assessed'), ('eligible', 'Eligible'), ('not_eligible', 'Not eligible'), ('deferred', 'Deferred')], default='pending', max_length=20)),
                ('eligibility_reason', models.CharField(blank=True, max_length=300, verbose_name='Reason for the decision')),
                ('assessed_on', models.DateField(blank=True, null=True, verbose_name='Date assessed')),
                ('listed_on', models.DateField(blank=True, null=True, verbose_name='Date placed on the waiting list')),
                ('expected_start_on', models.DateField(blank=True, null=True, verbose_name='Expected start date')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='Date started')),
                ('pre_programme_work', models.CharField(blank=True, help_text='For example, a passive offence account, motivational sessions', max_length=300, verbose_name='Pre-programme work')),
                ('pre_programme_done_on', models.DateField(blank=True, null=True, verbose_name='Pre-programme work finished')),
                ('outcome', models.CharField(blank=True, choices=[('', 'Not finished'), ('completed', 'Completed'), ('not_completed', 'Not completed')], default='', max_length=20)),
                ('outcome_on', models.DateField(blank=True, null=True, verbose_name='Date finished')),
                ('outcome_reason', models.CharField(blank=True, max_length=300, verbose_name='Reason')),
                ('review_due_on', models.DateField(blank=True, null=True, verbose_name='Post-programme review due')),
                ('reviewed_on', models.DateField(blank=True, null=True, verbose_name='Post-programme review done')),
                ('review_findings', models.CharField(blank=True, max_length=500, verbose_name='What the review found')),
                ('review_raises_concern', models.BooleanField(default=False, verbose_name='The review finds the risk changed')),
                ('agency', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('handling_set_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency', verbose_name='restriction set by')),
                ('nominal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)s_set', to='nominals.nominal')),
                ('outcome_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='interventions.programme')),
                ('sentence', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orders.sentence', verbose_name='Order or licence it is under')),
            ],
            options={
                'ordering': ['-referred_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='OneToOneWork',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('handling', models.CharField(blank=True, choices=[('', 'No extra restriction'), ('victim', 'Victim details'), ('intelligence', 'Intelligence with handling conditions'), ('health', 'Health information')], default='', max_length=20)),
                ('worker', models.CharField(max_length=200, verbose_name='Who does the work')),
                ('topic', models.CharField(max_length=300, verbose_name='What the work is on')),
                ('started_on', models.DateField(verbose_name='Started')),
                ('sessions_planned', models.PositiveIntegerField(blank=True, null=True, verbose_name='Sessions planned')),
                ('sessions_done', models.PositiveIntegerField(default=0, verbose_name='Sessions done')),
                ('outcome', models.CharField(blank=True, max_length=500, verbose_name='Outcome')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='Finished')),
                ('agency', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('handling_set_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency', verbose_name='restriction set by')),
                ('nominal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)s_set', to='nominals.nominal')),
                ('referral', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='interventions.programmereferral', verbose_name='Programme referral it goes with')),
            ],
            options={
                'ordering': ['-started_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('handling', models.CharField(blank=True, choices=[('', 'No extra restriction'), ('victim', 'Victim details'), ('intelligence', 'Intelligence with handling conditions'), ('health', 'Health information')], default='', max_length=20)),
                ('on', models.DateField(verbose_name='Date of the session')),
                ('attendance', models.CharField(choices=[('attended', 'Attended'), ('acceptable', 'Missed: acceptable reason'), ('unacceptable', 'Missed: unacceptable reason')], max_length=20)),
                ('reason', models.CharField(blank=True, max_length=300, verbose_name='Reason for missing it')),
                ('feedback', models.CharField(blank=True, max_length=500, verbose_name="Tutor's feedback")),
                ('agency', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('handling_set_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency', verbose_name='restriction set by')),
                ('nominal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)s_set', to='nominals.nominal')),
                ('referral', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='interventions.programmereferral')),
            ],
            options={
                'ordering': ['-on', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='programmereferral',
            index=models.Index(fields=['nominal', 'outcome', 'listed_on'], name='interventio_nominal_2a5214_idx'),
        ),
    ]
