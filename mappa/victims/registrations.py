"""What this part adds to the case page and the demo data."""
