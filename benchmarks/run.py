"""Run every benchmark (`make bench`); results land in benchmarks/results/ and the README's performance section.

Each benchmark runs in its own process, as the command it measures would: the retrieval benchmark loads Chroma, and
a batch started in a process that has Chroma loaded must spawn its workers instead of forking them.
"""

import subprocess
import sys

if __name__ == "__main__":
    for name in ("critique", "retrieval", "batch"):
        subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=True)
