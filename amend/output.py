"""Writing outputs without losing anything: atomic files, a site switched in one step, no foreign folder replaced.

* :func:`atomic_write` writes a temporary file beside the target, fsyncs it and
  renames it over the target (honouring the umask), so a reader sees the old
  file or the new one, never half of one.
* :func:`refuse_inputs` stops an ``-o`` that is (or holds, or lies inside) one
  of the command's inputs.
* :func:`publish_dir` puts a finished site folder at ``out`` in one step: an
  atomic exchange of the two folders (Linux ``renameat2``), so the path always
  holds a complete site; it replaces only a folder amend built (it carries
  :data:`MARKER`) or an empty one, and clears what a killed build left behind.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from pathlib import Path

from .errors import InputError

MARKER = ".amend-site"          # written into every site amend builds
MARKER_TEXT = "This folder was built by amend; `amend build -o` may replace it.\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: bytes | str, *, mode: int | None = None) -> Path:
    """Write via a temporary file in the same folder, fsync, rename: never half-written.

    The file gets the permissions a plain ``open`` would give (0644 under the usual umask), or ``mode``.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"atomic_write takes bytes or str, not {type(data).__name__}")
    with atomic_file(path, mode=mode) as f:
        f.write(data)
    return Path(path)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike, *, mode: int | None = None):
    """:func:`atomic_write` for a writer that streams (``pickle.dump``): a binary file to write into, put in
    place only when the block ends without an error; else the target is left as it was."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(p, kind="tmp")
    # the name says whose it is: amend's, of this process (made with the file, in one exclusive creation)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.amend-{os.getpid()}-", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(tmp, p)
        _fsync_dir(p.parent)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def refuse_inputs(out: str | os.PathLike, inputs, *, what: str = "output") -> None:
    """An output that is an input, holds one, or lies inside an input folder is refused."""
    o = Path(out).resolve()
    for i in inputs:
        if i is None:
            continue
        p = Path(i).resolve()
        if o == p or p.is_relative_to(o) or (p.is_dir() and o.is_relative_to(p)):
            raise InputError(f"refusing to write the {what} over an input", document=str(out),
                             expected="an output path that is not an input and holds none", found=str(i))


def check_site_target(out: str | os.PathLike) -> None:
    """``out`` may receive a site: absent, an empty folder, or a site amend built."""
    o = Path(out)
    if not o.exists() and not o.is_symlink():
        return
    if o.is_symlink() or not o.is_dir():
        raise InputError("refusing to replace it: it is not a folder", document=str(out),
                         expected="a new path, an empty folder or a site amend built")
    if (o / MARKER).is_file() or not any(o.iterdir()):
        return
    raise InputError("refusing to replace a folder amend did not build", document=str(out),
                     expected=f"a new path, an empty folder, or a site with its {MARKER} marker",
                     found="a folder with other files")


def new_build_dir(out: str | os.PathLike) -> Path:
    """A fresh folder beside ``out`` to build into, named with this process (so leftovers are recognised)."""
    o = Path(out)
    o.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(o)
    tmp = Path(tempfile.mkdtemp(prefix=f".{o.name}.build-{os.getpid()}-", dir=o.parent))
    os.chmod(tmp, 0o777 & ~_umask())
    (tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return tmp


def _dead(pid_text: str) -> bool:
    """Whether the process a leftover's name gives has ended (a name without a process is an older build's)."""
    if not pid_text.isdigit():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False          # alive, another user's
    return False


def clear_leftovers(out: Path, kind: str = "build") -> None:
    """Remove what a killed amend left beside ``out``, and only what it can prove is amend's own: a build
    folder carrying the marker, or one a process that has ended made and left empty (killed before it marked
    it); a temporary file ``.NAME.amend-PID-….tmp`` of a process that has ended, owned by this user."""
    if kind == "tmp":
        for p in out.parent.glob(f".{out.name}.amend-*-*.tmp"):
            pid = p.name[len(f".{out.name}.amend-"):].split("-", 1)[0]
            if p.is_file() and not p.is_symlink() and _dead(pid) and _mine(p):
                with contextlib.suppress(OSError):
                    p.unlink()
        return
    for p in out.parent.glob(f".{out.name}.build-*"):
        if not p.is_dir() or p.is_symlink():
            continue
        pid = p.name[len(f".{out.name}.build-"):].split("-", 1)[0]
        if (p / MARKER).is_file() and _dead(pid):
            shutil.rmtree(p, ignore_errors=True)
        elif pid.isdigit() and _dead(pid) and _mine(p):
            with contextlib.suppress(OSError):
                p.rmdir()            # only if empty: a folder killed before its marker was written


def _mine(p: Path) -> bool:
    return not hasattr(os, "getuid") or p.lstat().st_uid == os.getuid()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def inside_site(path) -> bool:
    """Whether ``path`` is a site path that stays inside the site: relative, ``/``-separated, with no empty,
    ``.`` or ``..`` part (``akn/vn/act/…/index.html``)."""
    return isinstance(path, str) and all(p not in ("", ".", "..") for p in path.split("/"))


def libc_function(name: str, argtypes: list, restype=ctypes.c_int):
    """The C library's function ``name`` with its argument and result types, or None where there is none (not
    Linux, not glibc, an older glibc)."""
    try:
        fn = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = argtypes, restype
    return fn


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where not supported."""
    fn = libc_function("renameat2", [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint])
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def publish_dir(tmp: Path, out: str | os.PathLike) -> Path:
    """Put the finished folder ``tmp`` at ``out`` in one step; the old site (if any) is removed after."""
    o = Path(out)
    check_site_target(o)
    _fsync_dir(tmp)
    if not o.exists():
        os.rename(tmp, o)
    elif _exchange(tmp, o):
        shutil.rmtree(tmp)            # tmp now holds the previous site
    else:                             # no atomic exchange here: the shortest gap two renames allow
        old = o.parent / f".{o.name}.build-old"
        if old.exists():
            shutil.rmtree(old)
        os.rename(o, old)
        os.rename(tmp, o)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(o.parent)
    return o
