import { performance } from "perf_hooks";
import { evaluateCompiled } from "../whatif/evaluate";
import { compilePolicy } from "../whatif/compile";
import { generatePolicies, generateSignIns } from "../bench/generate";
const policies = generatePolicies(195).map(compilePolicy);
const signIns = generateSignIns(100_000);
for (let r = 0; r < 3; r++) { const t = performance.now(); let b = 0; for (const s of signIns) if (evaluateCompiled(policies, s).outcome.kind === "blocked") b++; console.log(performance.now() - t, b); }
