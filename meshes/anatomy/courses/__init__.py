"""Nerve and vessel courses: the cited path table, its resolution to centrelines, the tubes drawn
along them and the anatomical variants as edits of the table."""
