import subprocess, sys, os
r = subprocess.run(['echo', 'hello', 'world'], capture_output=True)
print(r.returncode, r.stdout, r.stderr)
r = subprocess.run('echo $((6*7)); echo err >&2; exit 3', shell=True, capture_output=True, text=True)
print(r.returncode, repr(r.stdout), repr(r.stderr))
print(subprocess.check_output(['cat'], input=b'piped input'))
print(subprocess.run(['sh', '-c', 'pwd'], cwd='/tmp', capture_output=True, text=True).stdout.strip())
print(subprocess.run(['sh', '-c', 'echo $FOO'], env={'FOO': 'bar', 'PATH': os.environ.get('PATH', '/usr/bin:/bin')}, capture_output=True, text=True).stdout.strip())
try:
    subprocess.run(['definitely-not-a-program-xyz'])
except FileNotFoundError as e:
    print('FileNotFoundError', e.errno, e.filename)
try:
    subprocess.run(['ls'], cwd='/nonexistent-dir-xyz')
except FileNotFoundError as e:
    print('FileNotFoundError', e.errno, e.filename)
try:
    subprocess.check_call(['false'])
except subprocess.CalledProcessError as e:
    print('CalledProcessError', e.returncode, e.cmd)
p = subprocess.Popen(['cat'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, _ = p.communicate(b'x' * 100000)
print(len(out), p.returncode)
p = subprocess.Popen(['sleep', '5'])
try:
    p.wait(timeout=0.1)
except subprocess.TimeoutExpired as e:
    print('TimeoutExpired', e.timeout)
p.kill()
print(p.wait())
r = subprocess.run(['sh', '-c', 'echo out; echo err 1>&2'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
print(r.stdout)
print(subprocess.getoutput('echo hi there'), subprocess.getstatusoutput('exit 4'))
r = subprocess.run(['sh', '-c', 'echo pre $X'], preexec_fn=lambda: os.environ.__setitem__('X', 'set-in-child'), capture_output=True, text=True)
print(r.stdout.strip())
print(subprocess.call(['true']), subprocess.run(['sh', '-c', 'kill -TERM $$']).returncode)
