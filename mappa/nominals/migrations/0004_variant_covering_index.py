"""The name-variant index covers the name key's id (PostgreSQL), so a search with a slip reads the index
alone. The new index is built before the old one goes, so searches always have one."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('nominals', '0003_name_variants'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='namevariant',
            index=models.Index(fields=['variant', 'first_initial'], include=('name_key',), name='nominals_variant_covering'),
        ),
        migrations.RemoveIndex(
            model_name='namevariant',
            name='nominals_na_variant_8c61ec_idx',
        ),
    ]
