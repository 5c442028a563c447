"""``python -m render`` runs the fleet-render command line."""

from render.cli import command_line

command_line()
