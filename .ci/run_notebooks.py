#!/usr/bin/env python3
"""Executes notebooks top to bottom in a fresh Rust (evcxr) kernel, as a reader would.

Usage: run_notebooks.py NOTEBOOK...

Each notebook runs from its own folder (so `:dep … { path = "../chapters/…" }` resolves), and
nothing is written back: notebooks stay committed without outputs. Fails (exit 1) on a cell
error, and on a notebook that displays no figure at all (the notebooks exist to show plots).
Prints a line per cell: what it displayed.
"""
import pathlib
import sys
import time

import nbclient
import nbformat

failed = False
for arg in sys.argv[1:]:
    path = pathlib.Path(arg).resolve()
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="rust",
        timeout=900,  # the first cell compiles the chapter crates
        startup_timeout=120,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.monotonic()
    try:
        client.execute()
        error = None
    except nbclient.exceptions.CellExecutionError as e:
        error = e
    figures = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        shown = []
        for out in cell.outputs:
            if out.output_type == "stream":
                shown.append(f"{out.name} ({len(out.text.splitlines())} lines)")
            elif out.output_type in ("display_data", "execute_result"):
                kinds = sorted(out.data.keys())
                figures += "image/svg+xml" in kinds or "image/png" in kinds
                shown.append("/".join(kinds))
            elif out.output_type == "error":
                shown.append(f"ERROR {out.ename}: {out.evalue}")
        print(f"  {path.name} cell {i}: {', '.join(shown) or 'no output'}")
    took = time.monotonic() - started
    if error is not None:
        failed = True
        print(f"{path.name}: FAILED after {took:.0f} s\n{error}")
    elif figures == 0:
        failed = True
        print(f"{path.name}: FAILED: no cell displayed a figure")
    else:
        print(f"{path.name}: ok, {figures} figure(s), {took:.0f} s")
sys.exit(1 if failed else 0)
