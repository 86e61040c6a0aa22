"""`make bench` and its parts (bench, latency, stages, reuse)."""

import os

# One math thread, as the servers get (vidensassistent.tooling.servers.server_env): the
# in-process stage profile must time what the server does. Set before numpy or the e5
# engine load OpenMP, which reads it once.
os.environ.setdefault("OMP_NUM_THREADS", "1")
