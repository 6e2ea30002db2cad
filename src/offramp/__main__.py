"""Allow ``python -m offramp``."""

from offramp.cli.main import main

main()
