"""What is shown: the catalog, its articles, scenes and the headless commands (no Qt here)."""
