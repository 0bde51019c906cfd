"""Demo content for the four demo workspaces: plain data, one module per language.

These texts are the customers' and agents' own words in a made-up business,
not interface strings, so they are written in their language and never translated.
Placeholders a text may use: {first} (the customer's first name), {name} (their
full name), {agent} and {agent_first} (the agent's full and first name), {order} (an order,
invoice or case number).
A customer's text that only a woman or only a man would write so (Russian and
Ukrainian past tenses have a gender) starts with "♀ " or "♂ "; it is then only
given to a customer of that gender, and the mark is removed.
"""

from __future__ import annotations

from typing import TypedDict


class Person(TypedDict):
    """Someone who works in the demo workspace; `teams` are indexes into TEAMS."""

    role: str
    name: str
    email: str
    teams: list[int]


class Topic(TypedDict):
    """One kind of conversation and the phrases its thread is made of."""

    team: int
    tags: list[str]
    priority: str
    subjects: list[str]
    customer: list[str]
    replies: list[str]
    notes: list[str]
    followups: list[str]
