"""Validates a JSON document against a JSON Schema, as the tests need it.

usage: validate_json.py SCHEMA DOCUMENT

Uses Debian's python3-jsonschema, with the validator the schema's $schema
names (draft-04 for SARIF, draft-07 for portcheck's own), and resolves
relative $refs from the schema's own file. Prints every error with its JSON
Pointer; exit 0 valid, 1 invalid.
"""

import json
import pathlib
import sys
import warnings

import jsonschema

warnings.simplefilter("ignore", DeprecationWarning)


def pointer(path):
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def main():
    schema_file, document_file = sys.argv[1], sys.argv[2]
    schema = json.loads(pathlib.Path(schema_file).read_text(encoding="utf-8"))
    document = json.loads(pathlib.Path(document_file).read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    # A schema with an id (SARIF's) resolves its own "#..." references under
    # it, offline; one without resolves relative files beside it.
    file_uri = pathlib.Path(schema_file).resolve().as_uri()
    base_uri = schema.get("$id", schema.get("id", file_uri))
    resolver = jsonschema.RefResolver(base_uri=base_uri, referrer=schema, store={file_uri: schema, base_uri: schema})
    validator = validator_class(schema, resolver=resolver)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    for error in errors:
        print(f"{document_file}: at {pointer(error.absolute_path) or '(root)'}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
