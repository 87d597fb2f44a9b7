"""The contact form's events run in process, for the unit tests."""

from __future__ import annotations

import asyncio

TYPED = {
    "email": "client@exemple.fr",
    "phone": "",
    "order_reference": "",
    "message": "Je n'arrive pas à me connecter à mon espace client.",
}


def run(handler_generator) -> list:
    async def drain():
        return [event async for event in handler_generator]

    return asyncio.run(drain())
