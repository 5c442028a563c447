"""``python -m render`` runs the fleet-render command line."""

from render.cli import main

main()
