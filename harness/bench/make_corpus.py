#!/usr/bin/env python3
"""Writes a JSON Lines corpus for the scan benchmark: documents of one side's
structure, made from that side's committed fixtures with a few values varied
per document (the same seed gives the same bytes), and optionally a share of
invalid ones (a required key removed, an undeclared key added, a wrong type).

usage: make_corpus.py PROJECT SIDE STRUCTURE COUNT OUTPUT [--invalid-percent P]
"""
import argparse
import json
import pathlib
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("side")
    parser.add_argument("structure")
    parser.add_argument("count", type=int)
    parser.add_argument("output")
    parser.add_argument("--invalid-percent", type=float, default=0.0)
    args = parser.parse_args()

    folder = pathlib.Path(args.project) / "fixtures" / args.side / args.structure
    templates = [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]
    schema = json.loads((pathlib.Path(args.project) / "schemas" / args.side / f"{args.structure}.schema.json").read_text())
    required = schema.get("required", [])
    rng = random.Random(20261127)
    words = ["build", "fixed", "lintian", "upstream", "merge", "tag", "release", "debian", "patch", "policy"]
    with open(args.output, "w", encoding="utf-8") as out:
        for index in range(args.count):
            document = json.loads(json.dumps(templates[index % len(templates)]))
            if isinstance(document.get("codebase"), str):
                document["codebase"] = f"codebase-{index}"
            if isinstance(document.get("description"), str):
                document["description"] = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
            if isinstance(document.get("queue_id"), int):
                document["queue_id"] = rng.randint(1, 2**31 - 1)
            if rng.random() * 100 < args.invalid_percent:
                kind = rng.randrange(3)
                present = [key for key in required if key in document]
                if kind == 0 and present:
                    del document[rng.choice(present)]
                elif kind == 1:
                    document["undeclared_key"] = index
                else:
                    document["codebase"] = index
            out.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
