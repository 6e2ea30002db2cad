"""List management: bundled snapshot, loading, versions, diffs, freshness, updates."""
