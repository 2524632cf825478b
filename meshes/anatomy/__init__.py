"""The anatomy as geometry: the landmark table, one builder per structure, the nerve and vessel paths.

Everything in this package and in `meshes.geometry` shapes the meshes, so the cache key hashes
every module found in both (see `meshes.cache.code_key`).
"""
