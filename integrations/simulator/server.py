"""A threaded wsgiref server for the simulator: one thread per connection,
request bodies bounded by the application, and a way to drop a connection
without any answer (the "reply lost after the effect" fault)."""

from __future__ import annotations

import logging
import socketserver
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from integrations.simulator.app import DropConnection

log = logging.getLogger("integrations.simulator")


class _Handler(ServerHandler):
    dropped = False

    def handle_error(self):
        import sys

        if isinstance(sys.exc_info()[1], DropConnection):
            self.dropped = True  # nothing written: the client sees the connection close
            self.close()
            return
        super().handle_error()


class RequestHandler(WSGIRequestHandler):
    def handle(self):
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = ""
            self.request_version = ""
            self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = _Handler(self.rfile, self.wfile, self.get_stderr(), self.get_environ(),
                           multithread=True)
        handler.request_handler = self
        handler.run(self.server.get_app())
        if handler.dropped:
            self.close_connection = True

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        log.info("%s %s", self.address_string(), format % args)


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def make_server(host: str, port: int, app) -> ThreadingServer:
    server = ThreadingServer((host, port), RequestHandler)
    server.set_app(app)
    return server
