"""Clinical layers: injection map, danger zones, lesion colouring, anatomical variants and
the hip joint's hidden outline (a landmark of the posterior approach)."""
