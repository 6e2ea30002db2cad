"""``offramp serve``: the HTTP API and the server-rendered web UI.

One app factory (:func:`offramp.web.app.create_app`) wires the parts:

- :mod:`~offramp.web.config`: limits and paths, from the settings and the environment;
- :mod:`~offramp.web.keys_store`: API keys, users, sessions and failed logins (hashed);
- :mod:`~offramp.web.auth`: who is calling, with which role, and the CSRF check;
- :mod:`~offramp.web.index_holder`: the screener over the lists in use, swapped atomically
  when a list update makes a new version current;
- :mod:`~offramp.web.api_lists`, :mod:`~offramp.web.api_screen`, :mod:`~offramp.web.api_review`:
  the JSON API; :mod:`~offramp.web.ui`: the HTML pages;
- :mod:`~offramp.web.access_log`, :mod:`~offramp.web.headers`: what every response gets (an
  access log without personal data, security headers).
"""
