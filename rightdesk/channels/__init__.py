"""Channels: the ways customers reach the desk (email first), above conversations."""
