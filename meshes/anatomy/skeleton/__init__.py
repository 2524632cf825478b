"""Bones of the model: hip bone, sacrum and coccyx, femur, L4 and L5 with their discs, and the
greater sciatic notch they share."""
