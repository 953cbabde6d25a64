"""What this part adds to the case page, the work list and the navigation (see mappa.core.extensions),
and the facts and significant events it provides or listens to."""
