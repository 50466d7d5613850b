"""Keyword and vector retrieval over passages and facts (built on ingest's store)."""
