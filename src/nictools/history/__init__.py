"""The network's memory: its git history, read through plumbing.

* `git.py` — the one module that runs git (log with changed paths, one cat-file batch);
* `blobs.py` — file versions parsed once, cached by blob id outside the repository;
* `snapshots.py` — the network as it stood at a commit, artifacts keyed by id;
* `events.py` — the stream of artifact events, commit by commit;
* `provenance.py` — were a cycle's predictions written before its test?
* `session.py` — `History` and `open_history`, the face the reports use: `--as-of`, `--since`
  and `--until` are resolved there and nowhere else.
"""
