import socket, time, sys
LUA = open('presence-core/src/main/resources/dev/switchboard/core/redis/lua/devices_locate.lua').read()
FIELDS = ['conn','epoch','inst','pod','podUid','node','since','seen']
def enc(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('rb')
def read():
    line = f.readline()
    t = line[:1]
    if t == b'*':
        n = int(line[1:])
        return [read() for _ in range(n)] if n >= 0 else None
    if t == b'$':
        n = int(line[1:])
        if n < 0: return None
        d = f.read(n + 2); return d[:-2]
    if t == b'-': raise Exception(line)
    return line[1:-2]
def call(*a):
    s.sendall(enc(*a)); return read()
N = 10000
pipe = b''.join(enc('HSET', 'sb:dev:{d%d}' % i, 'conn', 'c-%d-abcdef0123' % i, 'epoch', 1700000000000 + i, 'inst', 'edge-0-7f3a9c', 'pod', 'switchboard-edge-0', 'podUid', '8a1b2c3d-1111-2222-3333-444455556666', 'node', 'node-1', 'since', 1700000000000, 'seen', 1700000001000, 'addr', '10.0.0.1:5000', 'meta', '') for i in range(N) if i % 10 != 9)
s.sendall(pipe)
for i in range(N - N // 10): read()
sha = call('SCRIPT', 'LOAD', LUA).decode()
def cpu():
    info = call('INFO', 'cpu').decode()
    d = dict(l.split(':') for l in info.split('\r\n') if ':' in l)
    return float(d['used_cpu_user']) + float(d['used_cpu_sys'])
def hmget(keys):
    s.sendall(b''.join(enc('HMGET', k, *FIELDS) for k in keys))
    for k in keys: read()
def locate(keys):
    chunks = [keys[i:i+250] for i in range(0, len(keys), 250)]
    s.sendall(b''.join(enc('EVALSHA', sha, len(c), *c, *FIELDS) for c in chunks))
    for c in chunks: read()
keys = ['sb:dev:{d%d}' % i for i in range(N)]
for name, fn in [('hmget', hmget), ('locate', locate), ('hmget', hmget), ('locate', locate)]:
    c0 = cpu(); 
    for r in range(20):
        for b in range(0, N, 1000): fn(keys[b:b+1000])
    c1 = cpu()
    print(name, '%.2f us/device' % ((c1 - c0) * 1e6 / (20 * N)))
