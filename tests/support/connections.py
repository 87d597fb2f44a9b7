"""A page's connection dropped on purpose, and the next one waited for: for the tests of what
the server forgets at each connection and what the page hands back (#30)."""

from __future__ import annotations

from playwright.sync_api import Frame, Page

# Each socket the page opens, and each time the server said it was connected (almaConnected,
# assets/client_flow.js), counted in every frame of the page.
WATCH_CONNECTIONS = """(() => {
  const Native = window.WebSocket;
  window.__testSockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__testSockets.push(this); }
  };
  window.__testConnections = 0;
  let connected;
  Object.defineProperty(window, "almaConnected", {
    configurable: true,
    get() { return connected; },
    set(given) {
      connected = function (...args) {
        window.__testConnections += 1;
        return given.apply(this, args);
      };
    },
  });
})()"""


def watch_connections(page: Page) -> None:
    """Before the page is opened: its frames' sockets and connections are counted."""
    page.add_init_script(WATCH_CONNECTIONS)


def drop_the_connection(frame: Page | Frame) -> None:
    """Once connected: the socket closes as on a network blip, and this returns when the
    server has served the page's next connection (its flow handed over, almaConnected)."""
    frame.wait_for_function("() => window.__testConnections >= 1")
    served = frame.evaluate("() => window.__testConnections")
    frame.evaluate("() => window.__testSockets.forEach(socket => socket.close())")
    frame.wait_for_function(f"() => window.__testConnections > {served}")
