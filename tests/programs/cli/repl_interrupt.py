# The interactive prompt on a terminal: results echoed, a compound statement read
# until an empty line, Ctrl-C at a prompt or in a running loop raising
# KeyboardInterrupt and giving a fresh prompt.
import os, pty, select, signal, sys, time

pid, fd = pty.fork()
if pid == 0:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background job inherits it ignored
    os.execv(sys.executable, [sys.executable, '-q', '-S'])
transcript = b''

def expect(*endings, timeout=20.0):
    """Reads until new output ends with one of `endings`."""
    global transcript
    start = len(transcript)
    end = time.monotonic() + timeout
    while not (len(transcript) > start and transcript.endswith(endings)) and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 1000)
            except OSError:
                return
            if not chunk:
                return
            transcript += chunk

expect(b'>>> ')
for keys, wait in ((b'1+1\n', b'>>> '), (b'x = (1,\n', b'... '), (b'\x03', b'>>> '),
                   (b'2+2\n', b'>>> '), (b'while True:\n', b'... '),
                   (b'    print("running"); sum(1 for _ in iter(int, 1))\n', b'... '),
                   (b'\n', b'running\r\n'), (b'\x03', b'>>> '),
                   (b'if 1: print("inline")\n', b'... '), (b'\n', b'>>> '),
                   (b'print("done")\n', b'>>> ')):
    os.write(fd, keys)
    expect(wait)
os.write(fd, b'\x04')
expect(b'\n', timeout=5)
os.waitpid(pid, 0)
text = transcript.decode().replace('\r\n', '\n').replace('^C', '')
# Which frame the interrupt lands in (the loop's or the generator's) depends on
# timing, so the traceback's frame lines are left out.
print('\n'.join(line for line in text.split('\n') if not line.startswith('  File')))
