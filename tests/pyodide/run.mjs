// Runs xlwings Lite scripts in Pyodide under Node, offline, the way the add-in does:
// packages installed by micropip from wheel files, main.py imported as a module, each
// script called through xlwings.server.custom_scripts_call on a book built from the JSON
// an Excel (Office.js) client sends (lite_runner.py, which CPython runs the same way).
//
//   node run.mjs JOB.json   (JOB: {"wheels": [paths], "main": path, "runs": [...]})
//
// Prints one JSON line: load and install times (ms) and, per run, the actions and the time
// from the script's start to its actions being ready.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadPyodide } from "pyodide";

const job = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const started = performance.now();
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (t) => process.stderr.write(t + "\n") });
const loaded = performance.now();

// micropip itself and its one dependency come from wheel files too (the npm package holds
// only the interpreter and the standard library)
const bootstrap = job.wheels.filter((w) => /^(micropip|packaging)-/.test(basename(w)));
await pyodide.loadPackage(bootstrap, { messageCallback: () => {} });
pyodide.FS.mkdirTree("/wheels");
const others = job.wheels.filter((w) => !bootstrap.includes(w));
for (const wheel of others) {
  pyodide.FS.writeFile(`/wheels/${basename(wheel)}`, readFileSync(wheel));
}
pyodide.globals.set("wheels", others.map((w) => `emfs:/wheels/${basename(w)}`));
await pyodide.runPythonAsync(`
import micropip
ours = [w for w in wheels if "renaksi_xl" in w]
# dependencies first, without asking an index; then renaksi_xl with its dependencies
# resolved against what is installed (the markers leave out what Pyodide does not need)
await micropip.install([w for w in wheels if w not in ours], deps=False)
if ours:
    await micropip.install(ours)
`);
const installed = performance.now();

pyodide.FS.mkdirTree("/lite");
pyodide.FS.writeFile("/lite/main.py", readFileSync(job.main, "utf-8"));
pyodide.FS.writeFile("/lite/lite_runner.py", readFileSync(new URL("lite_runner.py", import.meta.url), "utf-8"));
pyodide.globals.set("runs_json", JSON.stringify(job.runs));
const result = await pyodide.runPythonAsync(`
import json, sys
sys.path.insert(0, "/lite")
from lite_runner import run_job
json.dumps(await run_job("/lite/main.py", json.loads(runs_json)))
`);
const finished = JSON.parse(result);
finished.load_seconds = (loaded - started) / 1000;
finished.install_seconds = (installed - loaded) / 1000;
process.stdout.write(JSON.stringify(finished) + "\n");
