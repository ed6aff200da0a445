#!/usr/bin/env python3
"""AES-encrypted SAZ archives written at test time by 7-Zip (AE-2, CRC 0 by design) and by libzip
(vendor version 2 with a real CRC, and the same patched to a true AE-1), read through all three
tools with the right password (--password and TRACESAN_SAZ_PASSWORD) and the wrong one; a tampered
AE-2 member is refused without blaming the password.

    run_aes.py EXTRACT_ERRORS SANITIZE_TRACE CONVERT_TRACE ZIP_FIXTURE WORKDIR
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD = "P@ss-FAKE-aes-1"
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL: " + what)


def run(cmd, env_password=None):
    env = dict(os.environ)
    env.pop("TRACESAN_SAZ_PASSWORD", None)
    if env_password is not None:
        env["TRACESAN_SAZ_PASSWORD"] = env_password
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def findings(extract, path, *args, env_password=None):
    proc = run([extract, "-q", "--format", "json", *args, path], env_password)
    if proc.returncode != 0:
        return proc.returncode, proc.stderr
    rows = sorted((f["entry"], f["family"], f["code"], f["trace_id"], f["correlation_id"]) for f in json.loads(proc.stdout))
    return 0, rows


def set_aes_vendor_version(path, version):
    """Rewrites the 0x9901 extra field's vendor version (local and central headers)."""
    data = bytearray(open(path, "rb").read())
    patched = 0
    at = data.find(b"\x01\x99\x07\x00")
    while at >= 0:
        struct.pack_into("<H", data, at + 4, version)
        patched += 1
        at = data.find(b"\x01\x99\x07\x00", at + 4)
    open(path, "wb").write(bytes(data))
    return patched


def tamper_largest_member(path):
    """Flips a byte in the middle of the encrypted data of the largest member."""
    with zipfile.ZipFile(path) as z:
        info = max(z.infolist(), key=lambda i: i.compress_size)
    data = bytearray(open(path, "rb").read())
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0x01
    open(path, "wb").write(bytes(data))


def main(argv):
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    extract, sanitize, convert, zip_fixture, work = argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    corpus = os.path.join(work, "corpus")
    subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), corpus], check=True)
    plain = os.path.join(corpus, "saml.saz")
    members = os.path.join(work, "members")
    with zipfile.ZipFile(plain) as z:
        z.extractall(members)
    code, want = findings(extract, plain)
    check(code == 0 and len(want) == 8, f"plain archive gives 8 findings: {want}")

    archives = {}
    for bits in ("AES256", "AES128"):
        out = os.path.join(work, f"7zip-{bits}.saz")
        seven = subprocess.run(["7z", "a", "-tzip", f"-p{PASSWORD}", f"-mem={bits}", out, "raw"], cwd=members,
                               capture_output=True, text=True)
        check(seven.returncode == 0, f"7z writes {out}: {seven.stderr}")
        archives[f"7-Zip {bits} (AE-2)"] = out
    libzip = os.path.join(work, "libzip-AES256.saz")
    proc = subprocess.run([zip_fixture, libzip, members, "--password", PASSWORD], capture_output=True, text=True)
    check(proc.returncode == 0, f"zip-fixture writes {libzip}: {proc.stderr}")
    archives["libzip AES-256"] = libzip
    ae1 = os.path.join(work, "libzip-AES256-AE1.saz")
    shutil.copy(libzip, ae1)
    check(set_aes_vendor_version(ae1, 1) > 0, "AE-1 copy patched")
    archives["libzip AES-256 AE-1"] = ae1

    for label, path in archives.items():
        check(findings(extract, path, "--password", PASSWORD) == (0, want), f"{label}: extract-errors --password")
        check(findings(extract, path, env_password=PASSWORD) == (0, want), f"{label}: extract-errors TRACESAN_SAZ_PASSWORD")
        code, err = findings(extract, path, "--password", "wrong-FAKE")
        check(code == 2 and "wrong password" in err, f"{label}: extract-errors wrong password -> {code} {err}")
        code, err = findings(extract, path, env_password="wrong-FAKE")
        check(code == 2 and "wrong password" in err, f"{label}: extract-errors wrong TRACESAN_SAZ_PASSWORD -> {code} {err}")

        clean = path + ".clean.saz"
        proc = run([sanitize, "-q", path, "-o", clean], env_password=PASSWORD)
        check(proc.returncode == 0, f"{label}: sanitize-trace TRACESAN_SAZ_PASSWORD -> {proc.returncode} {proc.stderr}")
        if proc.returncode == 0:
            check(findings(extract, clean) == (0, want), f"{label}: findings after sanitizing")
        proc = run([sanitize, "-q", "--password", PASSWORD, path, "-o", clean + ".2.saz"])
        check(proc.returncode == 0, f"{label}: sanitize-trace --password -> {proc.stderr}")
        proc = run([sanitize, "-q", path, "-o", clean + ".3.saz"], env_password="wrong-FAKE")
        check(proc.returncode == 2 and "wrong password" in proc.stderr, f"{label}: sanitize-trace wrong password -> {proc.stderr}")
        proc = run([sanitize, "-q", path, "-o", clean + ".4.saz"])
        check(proc.returncode == 2 and "password is required" in proc.stderr, f"{label}: sanitize-trace no password -> {proc.stderr}")

        har = path + ".har"
        proc = run([convert, path, "-o", har], env_password=PASSWORD)
        check(proc.returncode == 0 and findings(extract, har) == (0, want), f"{label}: convert-trace TRACESAN_SAZ_PASSWORD")
        proc = run([convert, "--password", "wrong-FAKE", path, "-o", har + ".2.har"])
        check(proc.returncode == 2 and "wrong password" in proc.stderr, f"{label}: convert-trace wrong password -> {proc.stderr}")

    tampered = os.path.join(work, "7zip-tampered.saz")
    shutil.copy(archives["7-Zip AES256 (AE-2)"], tampered)
    tamper_largest_member(tampered)
    code, err = findings(extract, tampered, "--password", PASSWORD)
    check(code == 2 and "authentication code mismatch" in err and not err.strip().endswith(": wrong password"),
          f"tampered AE-2 member: {code} {err}")

    print(f"{len(archives)} archives x 3 tools: {'all as expected' if not FAILURES else f'{len(FAILURES)} failures'}")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
