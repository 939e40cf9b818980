"""`nic lsp`: a language server for a network's files (pygls, over stdio).

- diagnostics: the checks of `nic validate` on the whole network, with the editor's open
  buffers read instead of the files on disk, ~300 ms after the last keystroke; published
  for every file with problems and cleared when they are fixed (`server.py`);
- completion of ids where the format expects one, hover (an id's title, a code's
  `nic explain` text), go to definition, and code actions for what `nic fix` repairs
  (`ids.py` says where ids are defined and expected).

pygls is an optional dependency: `pip install 'nic-toolkit[lsp]'`.
"""
