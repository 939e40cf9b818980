"""The `nic` command line: parses arguments and prints. The work is in the library."""
