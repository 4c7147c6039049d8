"""Gatherings: meetings, participants, the Chair's outcomes and the live screen (issue 6)."""
