"""Clinical layers: injection map, danger zones, lesion colouring and anatomical variants."""
