"""Writes each fuzz target's seed files into CORPUS/<target>/ (idempotent).

Usage: seeds.py PROJECT CORPUS

Seeds are the project's own inputs, shaped as each target reads its input: a
leading byte picks a file (schema_fuzz) or a structure/schema (diff_fuzz,
codec_fuzz); diff_fuzz takes two documents separated by a NUL byte.
"""
import hashlib
import pathlib
import sys

project, corpus = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])


def seed(target: str, data: bytes) -> None:
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + hashlib.sha1(data).hexdigest())).write_bytes(data)


def files(*patterns: str) -> list:
    found = []
    for pattern in patterns:
        found += sorted(p for p in project.glob(pattern) if p.is_file() and p.stat().st_size < 65536)
    return found


documents = files("fixtures/python/*/*.json", "fixtures/rust/*/*.json", "fixtures/invalid/*")
for path in documents:
    data = path.read_bytes()
    for target in ("load_fuzz", "canonical_fuzz", "validate_fuzz"):
        seed(target, data)
    for selector in range(0, 24, 5):
        seed("codec_fuzz", bytes([selector]) + data)
for path in files("schemas/*/*.json", "schemas/manifest.json"):
    data = path.read_bytes()
    seed("load_fuzz", data)
    which = 0 if path.name == "manifest.json" else 3 if path.name == "definitions.json" else 1
    seed("schema_fuzz", bytes([which]) + data)
for path in files("reports/known-gaps.json", "reports/claims.json", "harness/tests/cli/cases/*/files/reports/*.json"):
    seed("lists_fuzz", path.read_bytes())
structures = ["VcsInfo", "ActiveRun", "WorkerResult", "JanitorResult", "DebianResult", "GenericResult"]
for index, structure in enumerate(structures):
    for python in files(f"fixtures/python/{structure}/*.json"):
        rust = project / "fixtures/rust" / structure / python.name
        if rust.exists():
            seed("diff_fuzz", bytes([index]) + python.read_bytes() + b"\0" + rust.read_bytes())
