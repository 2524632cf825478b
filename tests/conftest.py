import os

import pytest


@pytest.fixture(scope="session")
def cache_root(tmp_path_factory):
    """One mesh cache for the whole session (built once: about 8 s on two cores)."""
    root = tmp_path_factory.mktemp("mesh-cache")
    os.environ["GLUTEAL_VIEWER_CACHE"] = str(root)
    return root


@pytest.fixture(scope="session")
def built_meshes(cache_root):
    from meshes import cache

    return cache.load()
