import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const REPORT = path.join("review", "entra-baseline.api.md");

/**
 * The public surface is a reviewed artefact: API Extractor reads dist/lib.d.ts and compares what the package exports
 * with review/entra-baseline.api.md, so any change to what users can import shows up as a diff in review.
 * It runs beside the package spec, once dist/ is built (test/support/runSuite.js).
 */
describe("the public API report (review/entra-baseline.api.md)", () => {
  it("matches what dist/lib.d.ts exports: after a deliberate change, `npm run api` writes the new report to commit", function () {
    this.timeout(120_000);
    if (process.env.ENTRA_BASELINE_TEST_DIST_BUILT !== "1") execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "pipe" });
    const { Extractor, ExtractorConfig } = require("@microsoft/api-extractor") as typeof import("@microsoft/api-extractor");
    const config = ExtractorConfig.loadFileAndPrepare(path.join(ROOT, "api-extractor.json"));
    const problems: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: false,
      messageCallback: (message) => {
        if (message.logLevel === "error" || message.logLevel === "warning") problems.push(message.formatMessageWithoutLocation());
        message.handled = true;
      },
    });
    expect(result.apiReportChanged, `the public API changed: read the diff, then run \`npm run api\` and commit ${REPORT}`).to.equal(false);
    expect(problems.filter((p) => !p.includes("API report"))).to.deep.equal([]);
    expect(fs.readFileSync(path.join(ROOT, REPORT), "utf8")).to.match(/^## API Report File for "entra-baseline"/);
  });

  it("lists every entry point by name: lib.ts re-exports nothing with `export *`", () => {
    const lib = fs.readFileSync(path.join(ROOT, "lib.ts"), "utf8");
    expect(lib).not.to.match(/^export \* from/m);
  });
});
