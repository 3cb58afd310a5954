"""The README's API examples, run as written with curl against a live `warta serve`."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import warta_server

pytestmark = pytest.mark.django_db(transaction=True)
README = Path(__file__).resolve().parents[2] / "README.md"
NEWSROOM = """
from warta.news import actions
from warta.test import make_section, make_staff
make_section("Nasional")
editor = make_staff("redaktur", "editor")
print(actions.create_api_token(editor, name="README", by=editor)[1])
"""


def _examples() -> list[str]:
    text = README.read_text()
    section = text[text.index("## The API") : text.index("## Running in production")]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1).replace("\\\n", " ")
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    return commands


def test_the_readme_examples_work(tmp_path):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path)}
    env.pop("WARTA_DATABASE_URL", None)
    command = [sys.executable, "-m", "warta"]
    subprocess.run([*command, "migrate", "-v0"], env=env, check=True, timeout=300)
    made = subprocess.run(
        [*command, "shell", "-c", NEWSROOM],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    token = made.stdout.strip().splitlines()[-1]
    examples = _examples()
    assert len(examples) == 4, examples
    with warta_server(tmp_path, prepare=("check",)) as base:
        answers = []
        for example in examples:
            run = subprocess.run(
                ["bash", "-c", example],
                env={**env, "WARTA": base, "TOKEN": token},
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            answers.append(json.loads(run.stdout))
    listed, draft, published, found = answers
    assert listed == {"items": [], "next_cursor": None}
    assert draft["status"] == "draft" and draft["id"] == 1
    assert published["status"] == "published"
    assert [item["headline"] for item in found["items"]] == ["Jembatan Kapuas dibuka"]
