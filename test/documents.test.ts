import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DOCUMENT_KINDS, documentKindOf, DocumentKind, readPlanFile, readPreviewFile, readStackFile, readStateFile } from "../documents/documents";
import { StackFileError, UsageError } from "../documents/errors";
import { readStateIds } from "../documents/stateFile";
import { writeIn } from "./support/files";

const FIXTURES = path.join(__dirname, "fixtures", "diff");
const read = (file: string) => fs.readFileSync(path.join(FIXTURES, file), "utf8");

/** One document of each kind, as its tool writes it. */
const EXAMPLES: Record<DocumentKind, string> = {
  plan: read("p2-enforced.json"),
  preview: read("preview-cutover.json"),
  stack: "config:\n  entra-baseline:plan: p1\n",
  state: JSON.stringify({ version: 3, deployment: { resources: [{ type: "pulumi:pulumi:Stack", outputs: { policyIds: { adminMfa: "id-1" } } }] } }),
};
const READERS: Record<DocumentKind, (file: string) => unknown> = {
  plan: (file) => readPlanFile(file, "--flag"),
  preview: (file) => readPreviewFile(file, "--flag"),
  stack: (file) => readStackFile(file, "--flag"),
  state: (file) => readStateFile(file, "--flag"),
};

describe("input documents: one reader tells plans, previews, stack files and states apart", () => {
  let dir: string;
  const write = (name: string, text: string) => writeIn(dir, name, text);
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-documents-"));
  });

  it("recognises each kind by the keys only it has", () => {
    for (const kind of DOCUMENT_KINDS) {
      const value = kind === "stack" ? { config: { "entra-baseline:plan": "p1" } } : JSON.parse(EXAMPLES[kind]);
      expect(documentKindOf(value), kind).to.equal(kind);
    }
    expect([null, [], "text", 3, { other: 1 }].map(documentKindOf)).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
  });

  for (const expected of DOCUMENT_KINDS) {
    for (const given of DOCUMENT_KINDS.filter((k) => k !== expected)) {
      it(`rejects ${given} where ${expected} is needed, as a usage error saying which is which`, () => {
        const file = write(`${given}-as-${expected}`, EXAMPLES[given]);
        const err = (() => {
          try {
            READERS[expected](file);
          } catch (e) {
            return e as Error;
          }
          return undefined;
        })();
        // A stack file in YAML is not JSON: JSON-only readers refuse it before its kind is known.
        expect(err, `${given} read as ${expected}`).to.be.instanceOf(UsageError);
        if (given !== "stack") expect(err!.message).to.match(/this is (a plan|a pulumi preview --json document|a stack's state), not /);
      });
    }
  }

  it("reads each kind as itself", () => {
    expect(readPlanFile(write("plan.json", EXAMPLES.plan), "--base").conditionalAccessPolicies).to.have.length(6);
    expect(readPreviewFile(write("preview.json", EXAMPLES.preview), "--preview")).to.have.property("steps");
    expect(readStackFile(write("Pulumi.x.yaml", EXAMPLES.stack))).to.deep.equal({ config: { "entra-baseline:plan": "p1" } });
    expect(readStateIds(write("state.json", EXAMPLES.state))).to.deep.equal({ adminMfa: "id-1" });
  });

  it("takes an empty state as a stack that owns nothing, and an empty stack file as one without configuration", () => {
    expect(readStateIds(write("empty-state.json", "{}"))).to.deep.equal({});
    expect(readStackFile(write("Pulumi.empty.yaml", ""))).to.deep.equal({});
  });

  it("rejects a missing file, a folder and a file too large to be a stack file, naming the flag and the fix", () => {
    expect(() => readPlanFile(path.join(dir, "absent.json"), "--base")).to.throw(UsageError, "--base");
    expect(() => readPreviewFile(dir, "--preview")).to.throw(UsageError, "is a folder, not a file; pass a file written by pulumi preview --json");
    expect(() => readStackFile(write("Pulumi.big.yaml", `config:\n${"  # padding\n".repeat(100_000)}`))).to.throw(UsageError, "too large for a stack file");
  });

  it("rejects YAML that does not parse as a refused configuration (exit 1), with its line", () => {
    expect(() => readStackFile(write("Pulumi.broken.yaml", "config:\n  a: [\n"))).to.throw(StackFileError, /line \d+/);
  });

  it("rejects a state whose deployment has no resource list, or whose policyIds is not an object", () => {
    expect(() => readStateIds(write("bad-export.json", JSON.stringify({ deployment: { resources: "x" } })))).to.throw(
      UsageError,
      "deployment.resources is not a list",
    );
    expect(() => readStateIds(write("bad-outputs.json", JSON.stringify({ policyIds: ["x"] })))).to.throw(UsageError, "policyIds is not an object");
  });
});
