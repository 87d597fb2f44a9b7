"""The widget on a merchant's page: the loader script (loader.js, written out by loader.py,
pinned copies under assets/embed/), the host page's configuration checked value by value
(host_config.py) and the Reflex state that applies it and the host's prefills (host_state.py)."""
