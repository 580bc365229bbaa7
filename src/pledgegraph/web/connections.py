"""A header read timeout for uvicorn: a connection that has not sent a whole request head
within ``seconds`` of opening (or of its last answer) is closed. uvicorn's own keep-alive
timeout starts only after a first answer and stops on the first byte, so a client that opens
connections and sends a few bytes of headers would hold them for as long as it likes."""

from __future__ import annotations

import asyncio
from typing import Any


def protocol_with_header_timeout(base: type[asyncio.Protocol], seconds: float) -> type[Any]:
    """A subclass of uvicorn's HTTP protocol class ``base`` with the header timeout."""

    class HeaderTimeout(base):  # type: ignore[valid-type,misc]
        def _arm(self) -> None:
            mark = self.cycle  # a new request head replaces the cycle

            def expire() -> None:
                idle = mark is None or mark.response_complete  # not answering a request
                if self.cycle is mark and idle and not self.transport.is_closing():
                    self.transport.close()

            self.loop.call_later(seconds, expire)

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

    return HeaderTimeout
