// The Node.js peer for the bench: a plain `ws` server with no presence, no auth, no Redis.
// It sends the same welcome frame and pings every socket at the same interval as an edge.
// Usage: node --expose-gc ws-server.js <port> <pingSeconds>; SIGUSR2 runs a full GC.
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2]);
const pingMs = Number(process.argv[3] || 30) * 1000;
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });

wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
  ws.on('message', (data) => {
    ws.isAlive = true;
    if (data.toString().includes('"ping"')) ws.send('{"type":"pong"}');
  });
  ws.on('error', () => {});
  ws.send('{"type":"welcome","device":"node"}');
});

setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) { ws.terminate(); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, pingMs);

process.on('SIGUSR2', () => { if (global.gc) global.gc(); });
wss.on('listening', () => console.log(`node ws listening on ${port}`));
