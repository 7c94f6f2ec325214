#!/usr/bin/env python3
"""Executes every committed notebook (notebooks-export/*.ipynb) top to bottom, as a workshop would.

Each notebook reads ../results/NAME relative to its folder. A notebook that fails to validate or
raises in any cell fails the check (exit 1), named with the cell's error. Run from the repository's
top folder: python3 .ci/notebooks.py. Skipped (exit 0, with a message) without Jupyter's packages.
"""
import sys
import time
from pathlib import Path

try:
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor, CellExecutionError
except ImportError as error:
    print(f"notebooks: skipped, Jupyter's packages are missing ({error})")
    sys.exit(0)

folder = Path("notebooks-export")
failures = []
notebooks = sorted(folder.glob("*.ipynb"))
if not notebooks:
    print("notebooks: no notebooks-export/*.ipynb found; run from the repository's top folder")
    sys.exit(1)
for path in notebooks:
    start = time.monotonic()
    notebook = nbformat.read(path, as_version=4)
    try:
        nbformat.validate(notebook)
        ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(
            notebook, {"metadata": {"path": str(folder)}})
    except (CellExecutionError, nbformat.ValidationError) as error:
        failures.append(path.name)
        print(f"notebooks: {path} FAILED\n{error}")
        continue
    images = sum(
        1 for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if "image/png" in output.get("data", {}))
    print(f"notebooks: {path.name} ran in {time.monotonic() - start:.1f} s, {images} charts")
    if images == 0:
        failures.append(path.name)
        print(f"notebooks: {path} drew no chart")
if failures:
    print(f"notebooks: {len(failures)} of {len(notebooks)} failed: {', '.join(failures)}")
    sys.exit(1)
print(f"notebooks: all {len(notebooks)} ran")
