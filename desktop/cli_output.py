"""How the CLI prints: plain lines, or JSON with Vietnamese kept readable."""

from __future__ import annotations

import json
import sys


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
