"""Signing keys for the agency: PKCS#12 files and PKCS#11 tokens; signing and checking report PDFs."""

import warnings

# pyHanko still imports cryptography's DSA types, which cryptography now warns about on import; the user of a
# desktop app must never see that line (we neither make nor accept DSA signatures we could not check anyway).
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
warnings.filterwarnings("ignore", message="DSA is deprecated")
