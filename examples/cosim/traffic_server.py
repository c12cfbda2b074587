#!/usr/bin/env python3
"""A per-run helper server for the cosim example, in the role SUMO plays for Veins.

    python3 traffic_server.py --port PORT

Listens on 127.0.0.1:PORT and serves one connection after another (like sumo-launchd.py: a
connection that closes without a word, such as a readiness probe, does no harm). Like
sumo-launchd it starts a worker process of its own (here one that just sleeps): stopping the
server's whole process group must stop the worker too.

Protocol, one line per request:
    HELLO <seed>   -> OK <pid>       start a scenario
    STEP <t>       -> <vehicles>     the number of vehicles at time step t
    CRASH          -> (dies: SIGKILL to itself, as a crashing SUMO would vanish)
    BYE            -> closes the connection
"""
import argparse
import os
import random
import signal
import socket
import subprocess
import sys


def serve(conn: socket.socket) -> None:
    rng = random.Random(0)
    lines = conn.makefile("r", encoding="ascii", newline="\n")
    for line in lines:
        words = line.split()
        if not words:
            continue
        if words[0] == "HELLO":
            rng = random.Random(int(words[1]))
            conn.sendall(f"OK {os.getpid()}\n".encode())
        elif words[0] == "STEP":
            t = int(words[1])
            conn.sendall(f"{max(0, round(20 + 10 * rng.gauss(0, 1) + t % 7))}\n".encode())
        elif words[0] == "CRASH":
            os.kill(os.getpid(), signal.SIGKILL)
        elif words[0] == "BYE":
            break
        else:
            conn.sendall(b"ERROR unknown request\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", args.port))  # no SO_REUSEADDR: a taken port fails loudly
    listener.listen(4)
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    print(f"traffic server pid {os.getpid()} listening on 127.0.0.1:{args.port}; worker pid {worker.pid}", flush=True)
    while True:
        conn, _ = listener.accept()
        with conn:
            serve(conn)


if __name__ == "__main__":
    main()
