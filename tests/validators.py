"""The Nu Html Checker (npm vnu-jar with the machine's Java), for any set of saved pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = (
    Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def vnu_errors(files: list[Path]) -> list[str]:
    """Every error the checker finds, as 'file:line: message [extract]'."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip(f"needs java and {VNU}: apt-get install default-jre, then `make test-deps`")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '')}]"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
