"""The yardstick for start-up time: the smallest useful Click command line."""

import click


@click.group()
def cli() -> None:
    """Hello."""


@cli.command()
def hello() -> None:
    """Say hello."""
    click.echo("hello")


if __name__ == "__main__":
    cli()
