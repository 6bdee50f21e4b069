"""Runs a command and fails unless it exits with exactly the expected code.

Usage: expect_exit.py CODE CMD [ARGS...]. A crash (a signal) or any other
exit code is a failure; the command's output is passed through.
"""
import subprocess
import sys

expected = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
sys.stdout.write(proc.stdout.decode(errors="replace"))
if proc.returncode != expected:
    sys.stdout.write(f"expect_exit: exit code {proc.returncode}, expected {expected}\n")
    sys.exit(1)
