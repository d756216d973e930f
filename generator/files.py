"""Writing generated files and folders so that a reader never sees half of one, and copying
or writing trees without going through a symbolic link."""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class LinkedFolder(OSError):
    """Writing would go through a symbolic link to a folder, so land wherever it leads."""

    def __init__(self, link: Path) -> None:
        target = os.readlink(link) if link.is_symlink() else "?"
        reason = (
            f"{link} is a symbolic link (to {target}); nothing was written, since the files "
            "would land where it leads: replace the link with a real folder"
        )
        super().__init__(errno.ELOOP, reason, str(link))


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write each file of `files` (by '/'-separated name) under `root`, whole, creating
    folders as needed; none at all when any would go through a symbolic link inside `root`
    (`LinkedFolder`). `root` itself may be a link: the caller named it."""
    for name in files:
        link = linked_folder(root, name)
        if link is not None:
            raise LinkedFolder(link)
    for name, content in files.items():
        write_atomic(root / name, content)


def linked_folder(root: Path, name: str) -> Path | None:
    """The first folder on the way from `root` to the file `name` that is a symbolic link."""
    folder = root
    for part in Path(name).parent.parts:
        folder = folder / part
        if folder.is_symlink():
            return folder
    return None


def symbolic_links(tree: Path) -> list[Path]:
    """Every symbolic link under the folder `tree` (and `tree` itself, if it is one), sorted;
    links are reported, never followed."""
    if tree.is_symlink():
        return [tree]
    found = []
    for folder, folders, names in os.walk(tree, followlinks=False):
        for name in [*folders, *names]:
            if os.path.islink(os.path.join(folder, name)):
                found.append(Path(folder, name))
    return sorted(found)


# A directory is swapped in through names beside it: `.site.<random>` while a new one is
# staged (and, after an exchange, while the old one is removed), `.site-old.<random>/site`
# while the old one is moved aside where no exchange is possible.
_RANDOM = r"[a-z0-9_]{8}"  # what tempfile.mkdtemp puts after the prefix


def staging_directory(destination: Path) -> Path:
    """A new, private, empty directory beside `destination`, to build its replacement in."""
    return Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}."))


def swap_in(built: Path, destination: Path) -> None:
    """Put the complete directory `built` at `destination`, so that `destination` is the old
    directory or the new one at every instant, then remove the old one.

    One atomic exchange where the system has it (Linux); elsewhere the old directory is moved
    aside for the moment of a second rename, and `recover` puts it back if that moment was cut
    short.
    """
    if not destination.exists():
        os.replace(built, destination)
    elif _exchange(built, destination):
        shutil.rmtree(built, ignore_errors=True)  # now the old one; `recover` retries
    else:
        _swap_by_renaming(built, destination)


def recover(destination: Path) -> None:
    """Finish what an interrupted `swap_in` left: put a directory moved aside back at
    `destination` if nothing replaced it, and remove leftover staged and old directories."""
    parent = destination.parent
    aside = sorted(_leftovers(parent, rf"\.{re.escape(destination.name)}-old\.{_RANDOM}"))
    if not destination.exists():
        moved = [held / destination.name for held in aside if (held / destination.name).is_dir()]
        if moved:
            os.replace(moved[0], destination)
    staged = _leftovers(parent, rf"\.{re.escape(destination.name)}\.{_RANDOM}")
    for leftover in [*aside, *staged]:
        shutil.rmtree(leftover, ignore_errors=True)


def _leftovers(parent: Path, pattern: str) -> list[Path]:
    if not parent.is_dir():
        return []
    name = re.compile(pattern)
    return [path for path in parent.iterdir() if name.fullmatch(path.name) and path.is_dir()]


def _swap_by_renaming(built: Path, destination: Path) -> None:
    aside = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}-old."))
    try:
        os.replace(destination, aside / destination.name)
    except BaseException:
        aside.rmdir()
        raise
    try:
        os.replace(built, destination)
    except BaseException:
        os.replace(aside / destination.name, destination)
        aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; False where the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE):
        code = ctypes.get_errno()
        if code in _UNSUPPORTED:
            return False
        raise OSError(code, os.strerror(code), str(second))
    return True


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """Linux's renameat2(2) from the C library (glibc 2.28+, musl 1.2.5+); Python has no
    binding for it."""
    if sys.platform != "linux":
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function
