"""A cache of whole answers to GET requests, in front of the app.

The server's data is read-only, so a GET of the same path, query string, Accept and Host
header always has the same answer: the latest successful answers (each at most ``largest``
bytes, ``budget`` bytes in all) are kept and sent again without routing, checking or
querying. Only 200 answers are kept (a timeout or a refusal is computed again); CORS headers
are added outside this cache.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Key = tuple[bytes, bytes, bytes, bytes]


class ResponseCache:
    """ASGI middleware: see the module's docstring."""

    def __init__(self, app: ASGIApp, budget: int = 32_000_000, largest: int = 262_144) -> None:
        self.app, self.budget, self.largest = app, budget, largest
        self._kept: OrderedDict[Key, tuple[Message, bytes]] = OrderedDict()
        self._size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        accept = b",".join(v for k, v in headers if k == b"accept")
        host = b",".join(v for k, v in headers if k == b"host")  # absolute URLs use it
        path = scope.get("raw_path") or scope["path"].encode()
        key: Key = (path, scope["query_string"], accept, host)
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            start, body = kept
            await send({**start, "headers": list(start["headers"])})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._keeping(key, send))

    def _keeping(self, key: Key, send: Send) -> Send:
        state: dict[str, Any] = {"start": None, "body": b"", "keep": False}

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["start"] = {**message, "headers": list(message.get("headers", []))}
                state["keep"] = message["status"] == 200
            elif message["type"] == "http.response.body" and state["keep"]:
                state["body"] += message.get("body", b"")
                if len(state["body"]) > self.largest:
                    state["keep"] = False
                elif not message.get("more_body", False) and key not in self._kept:
                    self._kept[key] = (state["start"], state["body"])
                    self._size += len(state["body"])
                    while self._size > self.budget:
                        self._size -= len(self._kept.popitem(last=False)[1][1])
            await send(message)

        return wrapped
