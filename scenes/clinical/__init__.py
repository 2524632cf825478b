"""Clinical layers: injection safety, danger zones, lesion simulator and anatomical variants (no Qt)."""
