"""A TCP proxy that plays a phone's network: round trip, bandwidth and TCP slow start.

Customers are on 4G, not on localhost: put this in front of the widget (page, assets and the
websocket alike, since it works below HTTP) to see what they see. Chromium's own throttling
does not delay websocket frames and `tc netem` is not available here, hence this.
Every chunk is held half a round trip in each direction (`rtt_ms`); with a bandwidth
(`down_kbps`, `up_kbps`, one link per direction shared by every connection, as a phone's
radio is) bytes also wait their turn on the link, and each connection starts with TCP's
initial window of 10 segments, doubled every round trip (slow start), as Lighthouse's
mobile profile models it; bytes arrive segment by segment (until #34 a window went as one
piece, its first byte held until its last had crossed the link: 70 ms more before a 15 KB
page could start to be read). The settings can change while it runs, so one build measures
several networks, and the network can stall (`stall()` ... `resume()`: nothing goes through
meanwhile, as in a tunnel), to show what the page does on its own.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SEGMENT = 1460  # bytes: a TCP segment on Ethernet-sized links
INITIAL_WINDOW = 10 * SEGMENT  # bytes: TCP's initial congestion window (RFC 6928)


class _Link:
    """One direction of the phone's link: bytes go one after another at its rate."""

    def __init__(self) -> None:
        self.kbps = 0.0
        self.free_at = 0.0

    def done_at(self, size: int, now: float) -> float:
        """When `size` bytes handed over `now` have gone through (now, without a rate)."""
        if not self.kbps:
            return now
        self.free_at = max(now, self.free_at) + size * 8 / (self.kbps * 1000)
        return self.free_at


class DelayProxy:
    """Listens on 127.0.0.1:`port` and forwards to 127.0.0.1:`target_port`, `rtt_ms` slower
    (and at `down_kbps` / `up_kbps` once `shape()` gave it a bandwidth)."""

    def __init__(self, target_port: int, rtt_ms: float = 0, port: int | None = None) -> None:
        self.target_port = target_port
        self.rtt_ms = rtt_ms
        self._down, self._up = _Link(), _Link()
        self.port = port or _free_port()
        self.url = f"http://localhost:{self.port}"
        # Connections accepted so far: a test shows its page went through this proxy.
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._flowing = asyncio.Event()
        self._flowing.set()

    def __enter__(self) -> DelayProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> DelayProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._accept, "127.0.0.1", self.port), self._loop
        ).result(timeout=10)
        return self

    def stop(self) -> None:
        """Close the listener and every connection, then end the thread."""

        async def close() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def shape(self, rtt_ms: float, down_kbps: float = 0, up_kbps: float = 0) -> None:
        """The network from now on; a bandwidth of 0 is unlimited (and no slow start)."""
        self.rtt_ms = rtt_ms
        self._down.kbps, self._up.kbps = down_kbps, up_kbps

    def stall(self) -> None:
        """Hold every chunk, in both directions, until resume()."""
        self._loop.call_soon_threadsafe(self._flowing.clear)

    def resume(self) -> None:
        self._loop.call_soon_threadsafe(self._flowing.set)

    async def _accept(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter):
        self.connections += 1
        try:
            server_in, server_out = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_out.close()
            return
        await asyncio.gather(
            self._pipe(client_in, server_out, self._up),
            self._pipe(server_in, client_out, self._down),
        )

    async def _pipe(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, link: _Link
    ) -> None:
        """Forward chunks in order, each released half a round trip after it arrived, at the
        link's rate, at most a congestion window per round trip while the window grows."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        window, sent, round_started = INITIAL_WINDOW, 0, 0.0

        async def wait_until(moment: float) -> None:
            if (wait := moment - time.monotonic()) > 0:
                await asyncio.sleep(wait)

        async def release() -> None:
            nonlocal window, sent, round_started
            while True:
                due, chunk = await queue.get()
                await wait_until(due)
                await self._flowing.wait()
                if not chunk:
                    break
                while chunk:
                    if sink.is_closing():  # the page is gone: its bytes no longer take the link
                        return
                    # Segment by segment, as the link carries them: the first bytes of a
                    # page arrive (and are parsed) while the rest is still on its way.
                    size = SEGMENT if link.kbps else len(chunk)
                    piece, chunk = chunk[:size], chunk[size:]
                    if link.kbps:
                        now = time.monotonic()
                        if now - round_started >= self.rtt_ms / 1000:  # a new round trip
                            if sent >= window:  # the last one filled its window: it grows
                                window *= 2
                            round_started, sent = now, 0
                        elif sent + len(piece) > window:  # the window is spent: next round
                            await wait_until(round_started + self.rtt_ms / 1000)
                            window, sent, round_started = window * 2, 0, time.monotonic()
                        sent += len(piece)
                        await wait_until(link.done_at(len(piece), time.monotonic()))
                    sink.write(piece)
                    await sink.drain()

        releasing = asyncio.ensure_future(release())
        try:
            while chunk := await source.read(65536):
                queue.put_nowait((time.monotonic() + self.rtt_ms / 2000, chunk))
        except OSError:
            pass
        queue.put_nowait((time.monotonic() + self.rtt_ms / 2000, b""))
        try:
            await releasing
        except OSError:
            pass
        finally:
            sink.close()
