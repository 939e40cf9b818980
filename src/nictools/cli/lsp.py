"""`nic lsp`: the language server for editors, over stdio (the library is nictools.lsp)."""

from __future__ import annotations

import typer


def lsp_command(
    stdio: bool = typer.Option(True, "--stdio", help="Speak LSP on stdin and stdout (the only transport; "
                               "accepted because editors pass it).", show_default=False),
) -> None:
    """Run the language server: diagnostics as you type, completion, hover, go to definition, fixes.

    Editors start it themselves; docs/editors.md says how.
    It speaks the Language Server Protocol on stdin and stdout until the editor closes it.
    It needs pygls: install nic with its `lsp` extra.
    """
    from nictools.errors import NicError

    try:
        from nictools.lsp.server import serve
    except ImportError as exc:
        raise NicError(f"The language server needs pygls, which is not installed ({exc.name} is missing).",
                       "Install it with: pip install 'nic-toolkit[lsp]'") from None
    serve()
