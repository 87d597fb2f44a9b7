"""What the tests, the benchmark and the demo share: the servers they start and their helpers.

`servers` (the production widget in its own process), `smtp` (an aiosmtpd sink, free ports),
`postgres` and `redis_server` (throw-away servers from the machine's binaries), `zendesk` (a
local Zendesk Support API keeping its documented contract), `proxy` (a phone's network:
delay, bandwidth, slow start), `demo_server` (the merchant pages of demo/), `db` (reading
what the widget stored), `waiting` (wait on a condition, never sleep), `socket_client`
(Reflex's socket.io protocol, for crafted events and load runs). `tests/` and `bench/` both
import this package and never each other.
"""
