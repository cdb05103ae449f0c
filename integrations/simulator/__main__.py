"""``python -m integrations.simulator``: start the simulated national node."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path

from integrations.simulator.app import Config, Simulator
from integrations.simulator.server import make_server
from integrations.simulator.state import NodeState
from integrations.transports import keys


def _users(text: str) -> dict[str, str]:
    users = {}
    for item in text.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise argparse.ArgumentTypeError("utenti nella forma nome:password,nome2:password2")
        users[user] = password
    return users


def _stop(*_):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m integrations.simulator",
                                     description="Nodo nazionale Cliclavoro simulato.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int,
                        default=int(os.environ.get("RETE_SIMULATOR_PORT", "8790")))
    parser.add_argument("--journal", type=Path, default=None,
                        help="registro delle comunicazioni acquisite (righe JSON)")
    parser.add_argument("--keys", type=Path, default=None,
                        help="cartella della chiave e del certificato con cui il nodo firma "
                             "le risposte ModI (creati se mancano)")
    parser.add_argument("--users", type=_users,
                        default=_users(os.environ.get("RETE_SIMULATOR_USERS",
                                                      "rete:simulatore")),
                        help="credenziali HTTP Basic ammesse, nome:password separati da virgola")
    parser.add_argument("--party", default=os.environ.get("RETE_SIMULATOR_PARTY", "CLICLAVORO"),
                        help="identificativo e-Gov del nodo (Destinatario della busta)")
    parser.add_argument("--trust", type=Path, action="append", default=[],
                        help="certificato PEM di un mittente ModI attendibile (ripetibile; "
                             "nessuno: qualunque certificato in corso di validità)")
    parser.add_argument("--max-age", type=float, default=600.0,
                        help="età massima del Timestamp ModI, in secondi")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")

    key_folder = args.keys or (args.journal.parent / "simulatore-modi" if args.journal
                               else Path(tempfile.mkdtemp(prefix="simulatore-modi-")))
    key_path, cert_path = keys.ensure_pair(key_folder, common_name="Cliclavoro (simulato)")
    # The node's own pair, never RETE_MODI_*_PEM (ours, which it inherits from make run).
    pair = keys.KeyPair(key_pem=key_path.read_bytes(), cert_pem=cert_path.read_bytes())
    trusted = tuple(keys.load_certificate(str(path)) for path in args.trust)
    state = NodeState(journal=args.journal)
    state.load()
    app = Simulator(state=state, config=Config(users=args.users, party=args.party, pair=pair,
                                               trusted=trusted, max_age=args.max_age))
    server = make_server(args.host, args.port, app)
    signal.signal(signal.SIGTERM, _stop)
    print(f"Nodo nazionale simulato in ascolto su http://{args.host}:{server.server_port}"
          f"/_simulatore/ (certificato delle risposte: {cert_path})", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
