#!/usr/bin/env python3
"""python-jsonschema (Draft7Validator) over the first LIMIT lines of a JSON
Lines corpus: json.loads and is_valid per line. Prints
"python-jsonschema<TAB>documents per second" (median of RUNS) for
harness/bench/compare_engines.sh.

usage: jsonschema_bench.py SCHEMAS_DIR/SIDE STRUCTURE CORPUS.jsonl [RUNS] [LIMIT]
"""
import json
import pathlib
import sys
import time

import jsonschema


def main():
    folder = pathlib.Path(sys.argv[1])
    structure = sys.argv[2]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    limit = int(sys.argv[5]) if len(sys.argv) > 5 else 10000
    store = {path.name: json.loads(path.read_text()) for path in folder.glob("*.json")}
    schema = store[f"{structure}.schema.json"]
    resolver = jsonschema.RefResolver(base_uri="", referrer=schema, store=store)
    validator = jsonschema.Draft7Validator(schema, resolver=resolver)
    with open(sys.argv[3], encoding="utf-8") as corpus:
        lines = [line for _, line in zip(range(limit), corpus) if line.strip()]
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        valid = sum(1 for line in lines if validator.is_valid(json.loads(line)))
        assert valid <= len(lines)
        rates.append(len(lines) / (time.perf_counter() - start))
    rates.sort()
    print(f"python-jsonschema\t{rates[len(rates) // 2]:.0f}")


if __name__ == "__main__":
    main()
