// ajv 8 (draft-07, compiled JavaScript validator) over a JSON Lines corpus:
// JSON.parse and validate each line. Prints "ajv<TAB>documents per second"
// (median of RUNS) for harness/bench/compare_engines.sh.
//
// usage: node ajv_bench.js SCHEMAS_DIR/SIDE STRUCTURE CORPUS.jsonl [RUNS]
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");

const [folder, structure, corpus, runsText] = process.argv.slice(2);
const runs = Number(runsText || 3);
// strict: false lets the x-* annotations through; unicodeRegExp (the
// default) gives patterns ECMA-262's meaning with the u flag.
const ajv = new Ajv({ strict: false, allErrors: false });
for (const name of fs.readdirSync(folder)) {
  if (name.endsWith(".json") && name !== `${structure}.schema.json`) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")), name);
  }
}
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(folder, `${structure}.schema.json`), "utf8")));
const lines = fs.readFileSync(corpus, "utf8").split("\n").filter((line) => line.length > 0);
// One untimed pass: the JIT compiles the validator and JSON.parse first.
for (const line of lines) validate(JSON.parse(line));
const rates = [];
for (let run = 0; run < runs; run++) {
  const start = process.hrtime.bigint();
  let valid = 0;
  for (const line of lines) {
    if (validate(JSON.parse(line))) valid++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (valid > lines.length) throw new Error("impossible");
  rates.push(lines.length / seconds);
}
rates.sort((a, b) => a - b);
console.log(`ajv\t${Math.round(rates[Math.floor(rates.length / 2)])}`);
