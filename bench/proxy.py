"""A TCP proxy that holds every chunk for half a round trip in each direction.

Customers are on 4G, not on localhost: put this in front of the widget (page, assets and the
websocket alike, since it works below HTTP) to see what they see. Chromium's own throttling
does not delay websocket frames and `tc netem` is not available here, hence this.
The delay can be changed while it runs (`rtt_ms`), so one build measures several networks,
and the network can stall (`stall()` ... `resume()`: nothing goes through meanwhile, as in a
tunnel), to show what the page does on its own.
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


class DelayProxy:
    """Listens on 127.0.0.1:`port` and forwards to 127.0.0.1:`target_port`, `rtt_ms` slower."""

    def __init__(self, target_port: int, rtt_ms: float = 0, port: int | None = None) -> None:
        self.target_port = target_port
        self.rtt_ms = rtt_ms
        self.port = port or _free_port()
        self.url = f"http://localhost:{self.port}"
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

    def stall(self) -> None:
        """Hold every chunk, in both directions, until resume()."""
        self._loop.call_soon_threadsafe(self._flowing.clear)

    def resume(self) -> None:
        self._loop.call_soon_threadsafe(self._flowing.set)

    async def _accept(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter):
        try:
            server_in, server_out = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_out.close()
            return
        await asyncio.gather(self._pipe(client_in, server_out), self._pipe(server_in, client_out))

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        """Forward chunks in order, each released half a round trip after it arrived."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def release() -> None:
            while True:
                due, chunk = await queue.get()
                if (wait := due - time.monotonic()) > 0:
                    await asyncio.sleep(wait)
                await self._flowing.wait()
                if not chunk:
                    break
                sink.write(chunk)
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
