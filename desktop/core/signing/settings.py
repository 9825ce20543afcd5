"""What the agency chose once for signing, in `chu-ky-so.json` of the data directory: its certificate file or its
token's label, the token's PKCS#11 module, and at a focal point whether reports must be signed. Never the PIN."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop.core.atomic import replacing

FILE_NAME = "chu-ky-so.json"
MODULE_ENV = "CCHC_PKCS11_MODULE"  # overrides the saved module path (an IT department's deployment)


@dataclass
class SigningSettings:
    p12_path: str = ""  # the certificate file last used
    token_label: str = ""  # or the token last used
    pkcs11_module: str = ""  # the token vendor's library (.so, .dll)
    require_signed: bool = False  # at a focal point: an unsigned report is received but marked

    @classmethod
    def from_json(cls, data: Any) -> SigningSettings:
        if not isinstance(data, dict):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        try:
            out = cls(**known)
        except TypeError:
            return cls()
        return out if isinstance(out.require_signed, bool) else cls()

    @property
    def module(self) -> Path | None:
        chosen = os.environ.get(MODULE_ENV) or self.pkcs11_module
        return Path(chosen) if chosen else None


def load_settings(data_dir: Path) -> SigningSettings:
    """A missing or damaged file gives the defaults (it holds choices, nothing that cannot be chosen again)."""
    try:
        return SigningSettings.from_json(json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return SigningSettings()


def save_settings(data_dir: Path, settings: SigningSettings) -> None:
    with replacing(data_dir / FILE_NAME) as tmp:
        tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
