"""Signing keys for the agency: PKCS#12 files and PKCS#11 tokens; signing and checking report PDFs."""
