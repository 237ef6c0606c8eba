"""A third-party client for the edge's tests: Python `websockets` (Debian's python3-websockets).

Usage: send_one_message.py <ws-url> <bearer-token> <message-bytes>

Connects, waits for the welcome frame, sends one text message of <message-bytes> bytes (the library
sends a message as one unfragmented frame), and prints how the connection ended as
`close <code> <reason>` -- the close frame the server sent, or `close 1006 <error>` when the
connection ended without one.
"""

import asyncio
import sys

import websockets


async def main(url, token, size):
    async with websockets.connect(
        url, extra_headers={"Authorization": "Bearer " + token}, close_timeout=10
    ) as ws:
        welcome = await asyncio.wait_for(ws.recv(), 10)
        if '"welcome"' not in welcome:
            print("unexpected first frame: " + welcome[:200], flush=True)
            return 2
        message = '{"type":"ping","pad":"' + "x" * (size - 24) + '"}'
        try:
            await ws.send(message)
            while True:
                await asyncio.wait_for(ws.recv(), 15)
        except websockets.exceptions.ConnectionClosed as closed:
            if closed.rcvd is None:
                print("close 1006 " + repr(closed), flush=True)
            else:
                print("close %d %s" % (closed.rcvd.code, closed.rcvd.reason), flush=True)
            return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
