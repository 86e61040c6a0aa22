"""`make test-scale`: Rasa scale-out on loopback with a replica killed mid-run.

See vidensassistent/tooling/scale.py. Prints the load figures and exits non-zero if a turn was
lost, failed or stored twice, or the restarted replica did not serve again. Logs, nginx's
access log and report.json are left in build/scale/.
"""

from __future__ import annotations

import argparse
import sys

from vidensassistent.tooling.scale import ScaleConfig, run_scale_test


def main() -> int:
    defaults = ScaleConfig()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=defaults.replicas)
    parser.add_argument("-n", "--conversations", type=int, default=defaults.conversations)
    parser.add_argument("-m", "--turns", type=int, default=defaults.turns)
    parser.add_argument(
        "--think-time",
        type=float,
        default=defaults.think_time,
        help="pause between a conversation's turns, seconds",
    )
    parser.add_argument("--no-kill", action="store_true", help="only measure: no replica is killed")
    args = parser.parse_args()
    if args.replicas < 2:
        parser.error("--replicas skal være mindst 2")

    config = ScaleConfig(
        replicas=args.replicas,
        conversations=args.conversations,
        turns=args.turns,
        think_time=args.think_time,
        kill=not args.no_kill,
    )
    report = run_scale_test(config, log=lambda line: print(line, flush=True))
    print()
    print(report.load.report() if report.load else "Ingen belastningsresultater.")
    print(f"Forespørgsler pr. replika: {report.upstream_counts}")
    if report.kill:
        print(
            f"Genstartet replika {report.killed_replica}: genstart tog {report.restart_seconds:.0f} s, "
            f"besvarede {report.served_after_restart} ture bagefter"
        )
    print(f"socket.io gennem nginx: {'ok' if report.socketio_ok else 'FEJL'}")
    failures = report.failures()
    print(f"Skalering: FEJLET ({'; '.join(failures)})" if failures else "Skalering: BESTÅET")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
