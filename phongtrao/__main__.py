"""``python -m phongtrao``: the same command line as the ``phongtrao`` script."""

from phongtrao.cli import main

main()
