"""Writes each fuzz target's seed files into CORPUS/<target>/ (idempotent).

Usage: seeds.py PROJECT CORPUS

Seeds are the project's own inputs, shaped as each target reads its input: a
leading byte picks a file (schema_fuzz) or a structure/schema (diff_fuzz,
codec_fuzz, plan_fuzz); diff_fuzz takes two documents separated by a NUL byte.
"""
import hashlib
import json
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
# The channel evidence is larger than a fuzz input may be: a few of each kind
# of record, in the file's own shape.
channels_file = project / "fixtures/channels/channels.json"
if channels_file.is_file():
    evidence = json.loads(channels_file.read_text(encoding="utf-8"))
    for kind in ("routes", "redis", "tables", "consumer_calls"):
        evidence[kind] = evidence.get(kind, [])[::7][:8]
    seed("channels_fuzz", bytes([0]) + json.dumps(evidence, indent=1).encode("utf-8"))
for path in sorted((project / "fixtures/channels").glob("verdicts-*.json")):
    verdicts = json.loads(path.read_text(encoding="utf-8"))
    verdicts["verdicts"] = verdicts.get("verdicts", [])[:4]
    verdicts.pop("assignment", None)
    seed("channels_fuzz", bytes([1]) + json.dumps(verdicts, indent=1).encode("utf-8"))
for path in files("reports/known-gaps.json", "reports/claims.json", "harness/tests/cli/cases/*/files/reports/*.json"):
    seed("lists_fuzz", path.read_bytes())
structures = ["VcsInfo", "ActiveRun", "WorkerResult", "JanitorResult", "DebianResult", "GenericResult"]
for index, structure in enumerate(structures):
    for python in files(f"fixtures/python/{structure}/*.json"):
        rust = project / "fixtures/rust" / structure / python.name
        if rust.exists():
            seed("diff_fuzz", bytes([index]) + python.read_bytes() + b"\0" + rust.read_bytes())
# plan_fuzz: each fixture with its own schema's index (the manifest's
# structures in order, each side in order), as the target counts them.
manifest = json.loads((project / "schemas/manifest.json").read_text(encoding="utf-8"))
schemas = [(side, name) for name, structure in manifest["structures"].items() for side in structure["sides"]
           if (project / "schemas" / side / f"{name}.schema.json").is_file()]
for index, (side, name) in enumerate(schemas):
    for path in files(f"fixtures/{side}/{name}/*.json"):
        seed("plan_fuzz", bytes([index]) + path.read_bytes())
for path in files("fixtures/invalid/*"):
    seed("plan_fuzz", bytes([0]) + path.read_bytes())
