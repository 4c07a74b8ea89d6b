// Prints the reference series (CSV) of tests/data/tides/make-reference: the tide at every
// gauge of the gauge file, predicted by @neaps/tide-predictor with its default (IHO)
// nodal corrections, every 2 h over two 30-day periods.
//   node make_reference.mjs GAUGE_FILE SHA256_OF_GAUGE_FILE
import { readFileSync } from "node:fs";
import { createTidePredictor, constituents as models } from "@neaps/tide-predictor";
import YAML from "yaml";

const [path, sha] = process.argv.slice(2);
const version = (p) => JSON.parse(readFileSync(new URL(`./node_modules/${p}/package.json`, import.meta.url))).version;
const doc = YAML.parse(readFileSync(path, "utf8"));

// beibu leaves these out (no agreed definition); neaps would map R3 and 3N2 to SK3 and MKS2.
const UNPREDICTED = new Set(["T3", "R3", "3L2", "3N2"]);
// beibu spellings neaps knows under another name.
const NEAPS_NAME = { SIGMA1: "sigma1", EPS2: "eps2", Mtm: "MTM", MSqm: "MSQM", MU2: "mu2", NU2: "nu2",
  RHO1: "rho1", LAMBDA2: "lambda2" };
const PERIODS = [["2024-01-03T00:00:00Z", "2024-02-02T00:00:00Z"], ["2024-07-03T00:00:00Z", "2024-08-02T00:00:00Z"]];
const STEP_S = 7200;

const series = {};
const skipped = new Set();
for (const g of doc.gauges) {
  const cs = [];
  for (const [name, c] of Object.entries(g.constituents)) {
    if (UNPREDICTED.has(name)) { skipped.add(name); continue; }
    const n = NEAPS_NAME[name] ?? name;
    if (!models[n]) throw new Error(`${g.id}: @neaps/tide-predictor does not know ${name} (${n})`);
    cs.push({ name: n, amplitude: c.amplitude, phase: c.phase });
  }
  const p = createTidePredictor(cs, { offset: 0 });
  series[g.id] = PERIODS.flatMap(([a, b]) =>
    p.getTimelinePrediction({ start: new Date(a), end: new Date(b), timeFidelity: STEP_S }));
}
const ids = Object.keys(series);
const out = [];
out.push(`# Reference tide (m, about mean sea level) at the gauges of data/beibu/tide_gauges.yaml (sha256 ${sha}),`);
out.push(`# predicted by @neaps/tide-predictor ${version("@neaps/tide-predictor")} (MIT) with its default IHO nodal`);
out.push(`# corrections, every ${STEP_S} s over ${PERIODS.map((p) => p.join(" to ")).join(" and ")}.`);
out.push(`# Left out (beibu does not predict them): ${[...skipped].sort().join(" ")}.`);
out.push("# Regenerate with tests/data/tides/make-reference (node, npm registry); read by tests/hydro/test_tide_gauges.cpp.");
out.push(["time", ...ids].join(","));
for (let i = 0; i < series[ids[0]].length; i++) {
  const t = series[ids[0]][i].time.toISOString().replace(".000Z", "Z");
  out.push([t, ...ids.map((id) => series[id][i].level.toFixed(5))].join(","));
}
process.stdout.write(out.join("\n") + "\n");
