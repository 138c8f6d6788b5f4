from cocite.cli import cli

cli(prog_name="cocite")
