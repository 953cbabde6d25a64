from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_users_manager")]
    operations = [
        migrations.AddField(
            model_name="user",
            name="victim_liaison",
            field=models.BooleanField(
                default=False, verbose_name="Victim liaison officer",
                help_text="Sees and records victims' details and statutory victim contact on the records they can reach."),
        ),
    ]
