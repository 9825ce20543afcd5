"""A software USB token for the PKCS#11 path: SoftHSM2 with its own configuration in a test folder, a token
initialised with softhsm2-util, the signer's key and certificate written onto it through PKCS#11 itself."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.certs import PIN, Issued

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
LABEL = "CCHC-TOKEN"


@dataclass(frozen=True)
class SoftToken:
    module: Path
    label: str
    conf: Path

    @property
    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.conf)}


def softhsm_module() -> Path | None:
    return next((Path(m) for m in MODULES if Path(m).is_file()), None)


def make_token(folder: Path, signer: Issued, monkeypatch: pytest.MonkeyPatch) -> SoftToken:
    """Skipped where SoftHSM2 is not installed (the CI installs it)."""
    module = softhsm_module()
    if module is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed (apt install softhsm2)")
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", PIN, "--so-pin", "87654321"],
        check=True,
        capture_output=True,
        env={**os.environ, "SOFTHSM2_CONF": str(conf)},
    )
    import pkcs11

    # SoftHSM2 reads its configuration when the library is initialised, once per process: made to read this
    # token's folder now (another test of the same run may have loaded it with its own).
    pkcs11.lib(str(module)).reinitialize()
    _store_on_token(module, signer)
    return SoftToken(module, LABEL, conf)


def _store_on_token(module: Path, signer: Issued) -> None:
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    lib = pkcs11.lib(str(module))
    token = lib.get_token(token_label=LABEL)
    key_der = signer.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    ident = b"\x01"
    with token.open(rw=True, user_pin=PIN) as session:
        attrs = decode_rsa_private_key(key_der)
        attrs.update({Attribute.TOKEN: True, Attribute.ID: ident, Attribute.LABEL: "chu-ky", Attribute.SIGN: True})
        attrs[Attribute.PRIVATE] = True
        session.create_object(attrs)
        cert = decode_x509_certificate(signer.cert.public_bytes(serialization.Encoding.DER))
        cert.update({Attribute.TOKEN: True, Attribute.ID: ident, Attribute.LABEL: "chu-ky"})
        cert[Attribute.CLASS] = ObjectClass.CERTIFICATE
        session.create_object(cert)
