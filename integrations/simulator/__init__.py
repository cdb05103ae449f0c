"""The national-node simulator: a process of its own speaking our Cliclavoro
SOAP contract, so the whole flow runs and is tested without the internet.

    python -m integrations.simulator --port 8710 --journal .local/simulatore.jsonl

No Django: a plain WSGI application (``app.Simulator``) parsing with lxml,
served by a threaded wsgiref server (``server``)."""
