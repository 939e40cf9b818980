"""`python -m nictools` runs the `nic` command."""

from nictools.cli.start import run

if __name__ == "__main__":
    run()
