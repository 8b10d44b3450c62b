import termios, tty, pty, os
print(termios.TCSANOW, termios.ECHO, termios.B9600, termios.NCCS, termios.error.__module__)
try:
    termios.tcgetattr(0)
except termios.error as e:
    print('error', e.args)
r, w = os.pipe()
try:
    termios.tcgetattr(r)
except termios.error as e:
    print('error', e.args[0])
pid, fd = pty.fork()
if pid == 0:
    print('in child')
    os._exit(0)
data = b''
while True:
    try:
        chunk = os.read(fd, 100)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
print(data.strip())
os.waitpid(pid, 0)
m, s = pty.openpty()
attrs = termios.tcgetattr(s)
print(len(attrs), len(attrs[6]), isinstance(attrs[6][0], bytes))
tty.setraw(s)
raw = termios.tcgetattr(s)
print(raw[3] & termios.ECHO, raw[6][termios.VMIN])
termios.tcsetattr(s, termios.TCSANOW, attrs)
print(termios.tcgetattr(s)[3] == attrs[3])
termios.tcsetwinsize(s, (24, 80))
print(termios.tcgetwinsize(s))
try:
    termios.tcsetattr(s, termios.TCSANOW, [1, 2])
except TypeError as e:
    print(e)
