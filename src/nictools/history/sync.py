"""`nic sync`: share the team's work and get everyone else's, without typing a git command.

    outcome = sync(root)   # validate, commit, pull --rebase, validate, push

1. The files as they are are checked (`nic validate`): with an error, nothing is committed
   or sent, and the problems are listed.
2. The team's changes are committed with a message that names what changed
   ("lincoln C05: study; lincoln ATT-90: data").
3. Everyone else's work is brought in (`git pull --rebase`). If the same lines of a file
   were changed both here and there, the rebase is undone at once (`git rebase --abort`):
   the team's commit is kept as it was, nothing is sent, and the conflict is reported in
   words: which file, and what to do. Nothing is ever lost.
4. The combined network is checked again, then sent (`git push`); if someone else sent
   work in between, steps 3 and 4 are tried once more.

Git runs only through `nictools.history.git` (GitPython's runner, nic's environment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nictools.errors import NicError
from nictools.history.git import GitRunner

#: what kind of file a path is, for the commit message
_KINDS = (("change-ideas/", "change idea"), ("measures/", "measure"), ("aims/", "aim"))


@dataclass
class SyncOutcome:
    """What `nic sync` did, in words the CLI prints."""

    committed: str = ""  # the commit message's first line, or "" when there was nothing to commit
    pulled: int = 0  # commits brought in
    pushed: bool = False
    remote: str = ""
    notes: list[str] = field(default_factory=list)


class SyncConflict(NicError):
    """Both sides changed the same lines; nothing was lost, nothing was sent."""

    def __init__(self, files: list[str]) -> None:
        listed = ", ".join(files) or "a file"
        super().__init__(
            f"Someone else changed {listed} in the same places as you, so nic cannot put the two together by "
            "itself. Nothing was lost: your work is saved (in a commit on this computer) and nothing was sent.",
            f"What to do: tell your coordinator (or the colleague who changed {listed}); they can combine the "
            "two versions. Meanwhile keep working as usual, and run `nic sync` again once it is sorted out.")
        self.files = files


def describe(root: Path, paths: list[str]) -> str:
    """A commit message's first line from the changed paths: `lincoln C05: study; lincoln ATT-90: data`."""
    from nictools.scaffold.new import load

    network = None
    parts: list[str] = []
    for path in paths:
        pieces = path.split("/")
        what = ""
        if len(pieces) >= 4 and pieces[0] == "sites" and pieces[2] == "pdsa" and pieces[3].endswith((".yaml", ".yml")):
            cycle_id = pieces[3].rsplit(".", 1)[0]
            if network is None:
                network = load(root)
            record = network.cycles.get((pieces[1], cycle_id))
            stage = record.model.stage if record is not None else ("removed" if not (root / path).exists() else "plan")
            what = f"{pieces[1]} {cycle_id}: {stage}"
        elif len(pieces) >= 4 and pieces[0] == "sites" and pieces[2] == "data":
            what = f"{pieces[1]} {pieces[3].rsplit('.', 1)[0]}: data"
        elif len(pieces) >= 3 and pieces[0] == "sites" and pieces[2].startswith("site.y"):
            what = f"{pieces[1]}: site"
        elif path in ("drivers.yaml", "drivers.yml"):
            what = "driver diagram"
        elif path in ("network.yaml", "network.yml"):
            what = "network settings"
        else:
            kind = next((k for prefix, k in _KINDS if path.startswith(prefix)), "")
            what = f"{kind} {pieces[-1].rsplit('.', 1)[0]}" if kind else path
        if what not in parts:
            parts.append(what)
    line = "; ".join(parts)
    return line if len(line) <= 72 else "; ".join(parts[:3]) + f" and {len(parts) - 3} more"


class _Git:
    def __init__(self, root: Path) -> None:
        self.runner = GitRunner(root, writing=True)
        code, out, _ = self.runner.status("rev-parse", "--show-toplevel", "--git-dir")
        if code != 0:
            self.runner.close()
            raise NicError(f"{root} is not in a git repository, so there is nothing to share it through.",
                           "Ask your coordinator for the network's address and clone it once (or run `nic init`).")
        top, git_dir = out.decode("utf-8", "surrogateescape").splitlines()[:2]
        self.top = Path(top)
        self.git_dir = Path(git_dir) if Path(git_dir).is_absolute() else Path(root) / git_dir
        self.runner.folder = self.top

    def run(self, *args: str, input: bytes | None = None) -> tuple[int, str, str]:
        code, out, err = self.runner.status(*args, input=input)
        return code, out.decode("utf-8", "surrogateescape"), err

    def close(self) -> None:
        self.runner.close()


def _changed(git: _Git, prefix: str) -> list[str]:
    """Paths (relative to the network's root) with changes not yet committed."""
    code, out, err = git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", prefix or ".")
    if code != 0:
        raise NicError(f"git could not list the changes: {err.strip().splitlines()[-1] if err.strip() else code}",
                       "Check that the folder is a healthy git repository.")
    entries = out.split("\0")
    paths: list[str] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        if len(entry) > 3:
            path = entry[3:]
            if entry[0] in "RC":
                i += 1  # the old name follows a rename
            if not path.startswith(".nic") and path.startswith(prefix):
                paths.append(path[len(prefix):])
        i += 1
    return paths


def _unfinished(git: _Git) -> str | None:
    for name, what in (("rebase-merge", "a rebase"), ("rebase-apply", "a rebase"), ("MERGE_HEAD", "a merge")):
        if (git.git_dir / name).exists():
            return what
    return None


def _problems(root: Path) -> list[str]:
    from nictools.validate import run

    result, _ = run(root)
    return [f"{p.path}:{p.line}: {p.message}" for p in result.problems if p.severity.name.lower() == "error"]


def sync(root: Path, *, push: bool = True) -> SyncOutcome:
    """Validate, commit, pull --rebase, validate again, push: see the module's docstring."""
    git = _Git(root)
    try:
        return _sync(root, git, push=push)
    finally:
        git.close()


def _sync(root: Path, git: _Git, *, push: bool) -> SyncOutcome:
    outcome = SyncOutcome()
    busy = _unfinished(git)
    if busy:
        raise NicError(f"The repository is in the middle of {busy} that someone started by hand, so nic leaves it alone.",
                       "Ask your coordinator to finish it (or to undo it with `git rebase --abort`).")
    prefix = root.resolve().relative_to(git.top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    errors = _problems(root)
    if errors:
        shown = errors[:8] + ([f"… and {len(errors) - 8} more"] if len(errors) > 8 else [])
        raise NicError("Nothing was saved or sent: the network has errors to fix first:\n  " + "\n  ".join(shown),
                       "Run `nic validate` to see each one with how to fix it, then `nic sync` again.")
    changed = _changed(git, prefix)
    if changed:
        message = describe(root, changed)
        code, _, err = git.run("add", "-A", "--", prefix or ".")
        if code == 0:
            body = "\n".join(f"- {p}" for p in changed)
            code, _, err = git.run("commit", "-q", "--no-verify", "-F", "-",
                                   input=f"{message}\n\n{body}\n\nSaved with nic sync.\n".encode())
        if code != 0:
            if "tell me who you are" in err.lower() or "user.email" in err or "user.name" in err:
                raise NicError("git does not know who you are yet, so it cannot save your work under your name.",
                               "Ask your coordinator to set up this computer once (git's user.name and user.email), "
                               "or run: git config --global user.name 'Your Name' and git config --global user.email "
                               "you@school.org")
            raise NicError(f"Your changes could not be saved: {err.strip().splitlines()[-1] if err.strip() else code}",
                           "Nothing was lost: your files are as they were. Run `nic sync` again, or ask your coordinator.")
        outcome.committed = message
    code, upstream, _ = git.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    upstream = upstream.strip() if code == 0 else ""
    _, remotes, _ = git.run("remote")
    remotes_list = remotes.split()
    if not upstream and not remotes_list:
        outcome.notes.append("This copy of the network has no shared repository to send to: your work is saved "
                             "here only. Ask your coordinator for the network's address.")
        return outcome
    outcome.remote = upstream.split("/", 1)[0] if upstream else remotes_list[0]
    for attempt in range(2):
        if upstream:
            outcome.pulled += _pull(git)
            errors = _problems(root)
            if errors:
                raise NicError("Your work is saved here, but nothing was sent: together with the others' latest work "
                               "the network has errors:\n  " + "\n  ".join(errors[:8]),
                               "Run `nic validate`, fix what it lists (or ask your coordinator), then `nic sync` again.")
        if not push:
            return outcome
        args = ("push", "--quiet") if upstream else ("push", "--quiet", "-u", "--", outcome.remote, "HEAD")
        code, _, err = git.run(*args)
        if code == 0:
            outcome.pushed = True
            return outcome
        if attempt == 0 and upstream and ("rejected" in err or "fetch first" in err or "non-fast-forward" in err):
            continue  # someone sent work in between: bring it in and try once more
        last = err.strip().splitlines()[-1] if err.strip() else f"exit {code}"
        raise NicError(f"Your work is saved here, but it could not be sent: {last}",
                       "Check the internet connection and that you may write to the network's repository; "
                       "then run `nic sync` again.")
    return outcome


def _pull(git: _Git) -> int:
    """Bring in the others' work under ours (rebase); on a conflict undo it and raise SyncConflict."""
    code, before, _ = git.run("rev-parse", "HEAD")
    code, _, err = git.run("pull", "--rebase", "--quiet", "--no-autostash")
    if code != 0:
        if _unfinished(git):
            _, unmerged, _ = git.run("diff", "--name-only", "--diff-filter=U", "-z")
            files = [f for f in unmerged.split("\0") if f]
            git.run("rebase", "--abort")
            raise SyncConflict(files)
        last = err.strip().splitlines()[-1] if err.strip() else f"exit {code}"
        raise NicError(f"Your work is saved here, but the others' work could not be brought in: {last}",
                       "Check the internet connection, then run `nic sync` again.")
    _, count, _ = git.run("rev-list", "--count", f"{before.strip()}..HEAD@{{upstream}}") if before.strip() else (0, "0", "")
    try:
        return int(count.strip() or 0)
    except ValueError:
        return 0

