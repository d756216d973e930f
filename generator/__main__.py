"""`python -m generator`."""

import sys

try:
    from generator.cli import main
except KeyboardInterrupt:  # before `main` can catch it; `generator.cli` itself imports little
    print("interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
