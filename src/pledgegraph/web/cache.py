"""A cache of whole answers to GET requests, in front of the app.

The server's data is read-only, so a GET of the same path, query string and Accept header
always has the same answer: the last ``entries`` successful answers (each at most ``largest``
bytes) are kept and sent again without routing, checking or querying. Only 200 answers are
kept (a timeout or a refusal is computed again); CORS headers are added outside this cache.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Key = tuple[bytes, bytes, bytes]


class ResponseCache:
    """ASGI middleware: see the module's docstring."""

    def __init__(self, app: ASGIApp, entries: int = 1024, largest: int = 262_144) -> None:
        self.app, self.entries, self.largest = app, entries, largest
        self._kept: OrderedDict[Key, tuple[Message, bytes]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        accept = b",".join(v for k, v in scope["headers"] if k == b"accept")
        key: Key = (scope.get("raw_path") or scope["path"].encode(), scope["query_string"], accept)
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
                elif not message.get("more_body", False):
                    self._kept[key] = (state["start"], state["body"])
                    if len(self._kept) > self.entries:
                        self._kept.popitem(last=False)
            await send(message)

        return wrapped
