"""Runs one command and writes to OUT.json: seconds from launch to the first stdout line matching
FIRST_STEP (the first training step done), wall seconds, peak RSS (MiB), the exit code, and the first
lines of output with the second each appeared (where start-up time goes).

python3 launch.py OUT.json FIRST_STEP_REGEX -- COMMAND ARGS...
"""
import json
import os
import re
import subprocess
import sys
import time


def main(argv):
    out, pattern, command = argv[0], re.compile(argv[1]), argv[argv.index("--") + 1:]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    first_step = None
    lines, stamped = [], []
    for line in child.stdout:
        lines.append(line)
        if len(lines) <= 12:
            stamped.append([round(time.perf_counter() - start, 3), line.rstrip()[:160]])
        if first_step is None and pattern.search(line):
            first_step = time.perf_counter() - start
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write("".join(lines[-30:]))
    with open(out, "w") as f:
        json.dump({"first_step_seconds": first_step, "wall_seconds": wall, "peak_rss_mib": usage.ru_maxrss / 1024, "exit_code": code, "lines": stamped}, f)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
