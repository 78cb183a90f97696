#!/usr/bin/env python3
"""Executes notebooks top to bottom in a fresh Rust (evcxr) kernel, as a reader would.

Usage: run_notebooks.py [--first-cell] NOTEBOOK...

Run through `bash .ci/jupyter run NOTEBOOK...`, which installs and registers the kernel first.
Each notebook runs from its own folder (so `:dep … { path = "../chapters/…" }` resolves), and
nothing is written back: notebooks stay committed without outputs. Fails (exit 1) on a cell
error, on a cell whose output shows a panic (the kernel reports a panicking cell as a success
unless the notebook's first cell called `nn_core::notebook::setup()`), and on a notebook that
displays no figure at all (the notebooks exist to show plots). Prints a line per cell: what it
displayed and how long it took.

--first-cell runs each notebook only up to its first code cell (the one that loads the
chapter's crates): `bash .ci/jupyter` does that once, so that the kernel's build folder holds
every chapter already compiled when a reader opens a notebook.
"""
import datetime
import re
import sys
import time

# A Rust panic as the default hook prints it — "thread 'main' panicked at src/lib.rs:3:5:", since
# Rust 1.88 or so with the thread's number, "thread '<unnamed>' (18056) panicked at …", and before
# 1.73 "thread 'main' panicked at 'boom', src/lib.rs:3:5" — whatever stands between the thread's
# name and "panicked at", or as nn_core::notebook::setup() prints it.
PANIC = re.compile(
    r"^(thread '[^'\n]*'[^\n]*? panicked at .*|error: the cell panicked: .*)$", re.MULTILINE
)


def panic_in(cell):
    """The line that reports a panic in a code cell's outputs, or None."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            match = PANIC.search(out.get("text", ""))
            if match:
                return match.group(0)
    return None


def seconds(cell):
    """How long a cell took, from the timestamps nbclient records, or None."""
    timing = cell.get("metadata", {}).get("execution", {})
    try:
        start = datetime.datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None
    return (end - start).total_seconds()


def describe(out):
    if out.output_type == "stream":
        return f"{out.name} ({len(out.text.splitlines())} lines)"
    if out.output_type in ("display_data", "execute_result"):
        return "/".join(sorted(out.data.keys()))
    if out.output_type == "error":
        return f"ERROR {out.ename}: {out.evalue.splitlines()[0] if out.evalue else ''}"
    return out.output_type


def run(path, first_cell_only):
    """Executes one notebook; returns whether it passed."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if first_cell_only:
        first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells = nb.cells[: first_code + 1]
    client = nbclient.NotebookClient(
        nb,
        kernel_name="rust",
        timeout=900,  # the first cell may compile the chapter crates
        startup_timeout=120,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.monotonic()
    try:
        client.execute()
        error = None
    except nbclient.exceptions.CellExecutionError as e:
        error = e
    took = time.monotonic() - started
    figures = 0
    panic = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        figures += sum(
            out.output_type in ("display_data", "execute_result")
            and ("image/svg+xml" in out.data or "image/png" in out.data)
            for out in cell.outputs
        )
        panic = panic or (panic_in(cell) and f"cell {i}: {panic_in(cell)}")
        t = seconds(cell)
        t = f"{t:5.1f} s" if t is not None else "   -   "
        shown = ", ".join(describe(out) for out in cell.outputs) or "no output"
        print(f"  {path.name} cell {i:2} {t}: {shown}")
    if error is not None:
        # The kernel's error, without the wall of output nbclient quotes with it.
        name = getattr(error, "ename", "Error")
        value = (getattr(error, "evalue", "") or str(error)).strip().splitlines()
        print(f"{path.name}: FAILED after {took:.0f} s: {name}: {value[0] if value else ''}")
        for line in value[1:12]:
            print(f"    {line}")
        return False
    if panic:
        print(f"{path.name}: FAILED after {took:.0f} s: a cell panicked ({panic})")
        return False
    if not first_cell_only and figures == 0:
        print(f"{path.name}: FAILED: no cell displayed a figure")
        return False
    print(f"{path.name}: ok, {figures} figure(s), {took:.0f} s")
    return True


def main(args):
    import pathlib

    first_cell_only = "--first-cell" in args
    paths = [pathlib.Path(a).resolve() for a in args if a != "--first-cell"]
    started = time.monotonic()
    results = [run(path, first_cell_only) for path in paths]
    print(f"{sum(results)} of {len(results)} notebook(s) passed in {time.monotonic() - started:.0f} s")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
