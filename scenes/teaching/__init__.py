"""Teaching tools: tours, animation, measurement and quiz (no Qt)."""
