"""The identifiers' shapes read the same in Python and in the browser's scripts.

The loader and the form's checks build JavaScript regular expressions from the sources in
alma_widget/identifiers.py; a source that the two engines read differently would let the
browser accept what the server refuses (or the reverse). Node judges the same values.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alma_widget import identifiers
from alma_widget.embedding.loader import render

SHAPES = {
    "STABLE_ID": identifiers.STABLE_ID,
    "MERCHANT_ID": identifiers.MERCHANT_ID,
    "ORDER_REFERENCE": identifiers.ORDER_REFERENCE,
    "HEX_COLOUR": identifiers.HEX_COLOUR,
}
JUDGE = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const verdicts = {};
for (const [name, source] of Object.entries(input.shapes)) {
  const pattern = new RegExp("^(?:" + source + ")$");
  verdicts[name] = input.values.map((value) => pattern.test(value));
}
console.log(JSON.stringify(verdicts));
"""
# Near misses matter most: the characters the shapes allow, and their neighbours.
VALUES = st.text(alphabet="aZz09-_/#.é\n AF", max_size=70)


def node_verdicts(values: list[str]) -> dict[str, list[bool]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is needed to run the page's regular expressions")
    done = subprocess.run(
        [node, "-e", JUDGE],
        input=json.dumps({"shapes": SHAPES, "values": values}),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@settings(max_examples=20, deadline=None)
@given(st.lists(VALUES, min_size=20, max_size=60))
def test_python_and_the_browser_judge_every_value_alike(values):
    values += ["a" * 64, "a" * 65, "order-not-received", "CMD/2024-001", "#1A2b3C", "-a", "a\n"]
    expected = {
        name: [identifiers.matches(source, value) for value in values]
        for name, source in SHAPES.items()
    }
    assert node_verdicts(values) == expected


def test_the_loader_carries_the_shapes_it_checks():
    # Minified (alma_widget/web/minify.py): an object literal with bare keys.
    written = re.search(r"=(\{accent:.*?\}),", render())
    assert written is not None
    pairs = re.findall(r'(\w+):("(?:[^"\\]|\\.)*")', written.group(1))
    assert {key: json.loads(value) for key, value in pairs} == identifiers.LOADER_PATTERNS
