"""Running the rfplan binary for the QGIS plugin (doc/qgis.md).

This module does not import QGIS: it finds the binary, quotes the command
line, parses rfplan's progress lines and runs the child with a cancel
check, so it can be tested and reused without QGIS.
"""
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import threading

# rfplan's progress line when stderr is not a terminal (doc/engine.md,
# rf_progress): "rfplan: path loss:  42% (ETA 1m05s)" and, at the end of
# a step, "rfplan: path loss: 100% (done in 3m12s)".
PROGRESS_RE = re.compile(r"^rfplan: (?P<step>.+?):\s+(?P<pct>\d{1,3})%(?: \((?:ETA|done in) [^)]*\))?\s*$")

# The child prints a progress line at most every this many seconds
# (RFPLAN_PROGRESS_INTERVAL_S); the caller's own value wins.
PROGRESS_INTERVAL_S = "1"


def parse_progress(line):
    """(step, percent) of a progress line, or None for any other line."""
    m = PROGRESS_RE.match(line)
    if not m:
        return None
    pct = int(m.group("pct"))
    if pct > 100:
        return None
    return m.group("step"), pct


def plugin_dir():
    return os.path.dirname(os.path.abspath(__file__))


def find_binary(configured=""):
    """The rfplan executable: $RFPLAN_BIN, else the configured path (the
    provider's setting), else rfplan on PATH, else PREFIX/bin/rfplan when
    the plugin is installed in PREFIX/share/rfplan/qgis/rfplan (make
    install).  Returns (path, None) or (None, why)."""
    for what, path in (("RFPLAN_BIN", os.environ.get("RFPLAN_BIN", "")),
                       ("the provider setting 'rfplan executable'", configured or "")):
        if path:
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return os.path.abspath(path), None
            return None, "%s names '%s', which is not an executable file" % (what, path)
    found = shutil.which("rfplan")
    if found:
        return found, None
    prefix_bin = os.path.normpath(os.path.join(plugin_dir(), "..", "..", "..", "..", "bin", "rfplan"))
    if os.path.isfile(prefix_bin) and os.access(prefix_bin, os.X_OK):
        return prefix_bin, None
    return None, ("rfplan executable not found: not on PATH, RFPLAN_BIN unset and no setting "
                  "(Processing > Options > Providers > rfplan > rfplan executable)")


def command_line(argv):
    """The command as one line a POSIX shell runs unchanged."""
    return " ".join(shlex.quote(a) for a in argv)


def _pump(stream, tag, q):
    for raw in iter(stream.readline, b""):
        q.put((tag, raw.decode("utf-8", "replace").rstrip("\r\n")))
    q.put((tag, None))


def run(argv, on_progress=None, on_line=None, is_canceled=None, poll_s=0.2):
    """Run argv; return (status, stdout_lines, stderr_lines, canceled, pid);
    status as subprocess's returncode (-2: killed by SIGINT).

    on_progress(step, percent) for each progress line; on_line(stream, line)
    for every other line ("stdout"/"stderr"); is_canceled() is polled every
    poll_s seconds, and when it turns true the child gets SIGINT (as Ctrl-C
    in a terminal: rfplan leaves no partial output, doc/errors.md)."""
    env = dict(os.environ)
    env.setdefault("RFPLAN_PROGRESS_INTERVAL_S", PROGRESS_INTERVAL_S)
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    q = queue.Queue()
    threads = [threading.Thread(target=_pump, args=(proc.stdout, "stdout", q), daemon=True),
               threading.Thread(target=_pump, args=(proc.stderr, "stderr", q), daemon=True)]
    for t in threads:
        t.start()
    out, err = [], []
    open_streams = 2
    canceled = False
    while open_streams:
        if not canceled and is_canceled is not None and is_canceled():
            canceled = True
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        try:
            tag, line = q.get(timeout=poll_s)
        except queue.Empty:
            continue
        if line is None:
            open_streams -= 1
            continue
        prog = parse_progress(line) if tag == "stderr" else None
        if prog is not None:
            if on_progress is not None:
                on_progress(*prog)
            continue
        (out if tag == "stdout" else err).append(line)
        if on_line is not None:
            on_line(tag, line)
    status = proc.wait()
    for t in threads:
        t.join()
    proc.stdout.close()
    proc.stderr.close()
    return status, out, err, canceled, proc.pid


def remove_interrupted_tmp(output, pid):
    """An interrupted rfplan leaves its work in progress beside OUTPUT as
    .NAME.tmp-PID-* (doc/errors.md: removed by the next run into the same
    place); remove the one of the child PID now, so a canceled run leaves
    nothing.  Returns the paths removed."""
    parent = os.path.dirname(os.path.abspath(output)) or "."
    prefix = ".%s.tmp-%d-" % (os.path.basename(output.rstrip("/")), pid)
    removed = []
    try:
        names = os.listdir(parent)
    except OSError:
        return removed
    for name in names:
        if name.startswith(prefix):
            path = os.path.join(parent, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
            removed.append(path)
    # the output's lock, .NAME.lock, holding the PID of the run that took it
    # (doc/outputs.md, "The output directory"): only when it is the child's
    lock = os.path.join(parent, ".%s.lock" % os.path.basename(output.rstrip("/")))
    try:
        if not os.path.islink(lock) and os.path.isfile(lock):
            with open(lock) as f:
                holder = f.read().strip()
            if holder == str(pid):
                os.unlink(lock)
                removed.append(lock)
    except OSError:
        pass
    return removed
