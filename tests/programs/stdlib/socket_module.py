import socket, threading, os, select
a, b = socket.socketpair()
print(a.family, a.type, type(a).__name__, a.gettimeout(), a.getblocking())
a.sendall(b'hello')
print(b.recv(10))
b.send(b'back')
buf = bytearray(10)
n = a.recv_into(buf)
print(n, buf[:n])
a.close(); b.close()
print(a.fileno(), repr(a).startswith('<socket.socket [closed]'))
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
print(srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
srv.bind(('127.0.0.1', 0))
srv.listen()
host, port = srv.getsockname()
print(host, port > 0)
c = socket.create_connection((host, port), timeout=5)
conn, addr = srv.accept()
print(addr[0], conn.getpeername() == c.getsockname())
c.sendall(b'x' * 100000)
c.shutdown(socket.SHUT_WR)
got = b''
while True:
    chunk = conn.recv(65536)
    if not chunk: break
    got += chunk
print(len(got))
with conn.makefile('rwb') as f:
    pass
conn.settimeout(0.05)
try:
    conn.recv(10)
    print('eof')
except socket.timeout as e:
    print('timeout', e)
c.close(); conn.close(); srv.close()
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(('127.0.0.1', 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2.sendto(b'datagram', u1.getsockname())
data, frm = u1.recvfrom(100)
print(data, frm[0])
u1.settimeout(0.05)
try:
    u1.recvfrom(10)
except TimeoutError as e:
    print('TimeoutError', e)
u1.setblocking(False)
try:
    u1.recv(10)
except BlockingIOError as e:
    print('BlockingIOError', e.errno)
u1.close(); u2.close()
print(socket.getaddrinfo('127.0.0.1', 80, socket.AF_INET, socket.SOCK_STREAM))
print(socket.getaddrinfo('localhost', 'http', socket.AF_INET, socket.SOCK_STREAM)[0][4])
try:
    socket.getaddrinfo('no-such-host.invalid', 80)
except socket.gaierror as e:
    print('gaierror', e.errno)
print(socket.inet_aton('127.0.0.1'), socket.inet_ntoa(b'\x7f\x00\x00\x01'), socket.inet_aton('10.1'))
print(socket.inet_pton(socket.AF_INET6, '::1'), socket.inet_ntop(socket.AF_INET6, b'\x00' * 15 + b'\x01'))
print(socket.htons(1), socket.ntohl(1), socket.htonl(0x01020304))
print(isinstance(socket.gethostname(), str), socket.getdefaulttimeout())
s = socket.socket()
try:
    s.connect(('127.0.0.1', 1))
except ConnectionRefusedError as e:
    print('ConnectionRefusedError', e.errno)
print(s.connect_ex(('127.0.0.1', 1)) in (111, 106))
s.close()
try:
    s.send(b'x')
except OSError as e:
    print('OSError', e)
print(socket.AF_INET, repr(socket.SOCK_STREAM), socket.AddressFamily.AF_UNIX)
import tempfile
path = os.path.join(tempfile.mkdtemp(), "sock")
us = socket.socket(socket.AF_UNIX)
us.bind(path)
us.listen()
uc = socket.socket(socket.AF_UNIX)
uc.connect(path)
sc, _ = us.accept()
uc.sendall(b'unix!')
print(sc.recv(10), us.getsockname() == path)
for x in (uc, sc, us): x.close()
os.unlink(path); os.rmdir(os.path.dirname(path))
