"""Soft solids: the gluteal and deep hip muscles, fascia and iliotibial tract, ligaments and the
skin shell."""
