import { expect } from "chai";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as diff } from "../cli/diff";
import { main as plan } from "../cli/plan";
import { loadCustomPolicies } from "../config/customPolicies";
import { decodeText, encodingOf, firstInvalidUtf8, TextEncodingError } from "../config/textFile";
import { readStateIds } from "../documents/stateFile";
import { main as policyConfig, packConfigFromStack } from "../policy-pack/configFromStack";
import { GUARD_POLICY } from "../policy-pack/policies";
import { readPackConfig, readPackConfigFile } from "../policy-pack/config";
import { runCli } from "./support/cli";
import { encodeText, WRITTEN_ENCODINGS } from "./support/encodings";
import { writeIn } from "./support/files";

const ROOT = path.join(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures", "diff");
const CONTOSO = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.contoso.yaml"), "utf8");

/** Text that is not read: the encoding each is in, as the error names it. */
const REFUSED: readonly [string, Buffer][] = [
  ["UTF-32LE", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from("{}\0\0", "utf16le")])],
  ["UTF-32BE", Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x7b])],
  ["UTF-16LE without a byte-order mark", Buffer.from('{"stack": "contoso"}', "utf16le")],
  ["UTF-16BE without a byte-order mark", Buffer.from('{"stack": "contoso"}', "utf16le").swap16()],
  ["Windows-1252 (ANSI)", Buffer.from('{"stack": "Zürich"}', "latin1")],
  ["binary data", Buffer.from([0x7b, 0x00, 0x00, 0x00, 0x7d, 0x00, 0x01])],
  ["UTF-16LE but damaged", Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d])],
];

describe("files in any encoding Windows writes (config/textFile.ts)", () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-encodings-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Buffer) => writeIn(dir, name, bytes);

  describe("decodeText", () => {
    it("reads any text written as UTF-8 with or without a byte-order mark, or UTF-16LE/BE with one, with CRLF or LF (property)", () => {
      fc.assert(
        fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), fc.constantFrom(...WRITTEN_ENCODINGS), fc.boolean(), (text, encoding, crlf) => {
          const lf = text.replace(/\r\n/g, "\n");
          fc.pre(!lf.startsWith("\uFEFF") && !lf.includes("\0"));
          expect(decodeText(encodeText(lf, encoding, crlf))).to.equal(crlf ? lf.replace(/\r\n/g, "\n") : lf);
        }),
        { numRuns: 300 },
      );
    });

    it("finds the first byte that is not UTF-8 as the WHATWG decoder does (property)", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
          const at = firstInvalidUtf8(bytes);
          let valid = true;
          try {
            new TextDecoder("utf-8", { fatal: true }).decode(bytes);
          } catch {
            valid = false;
          }
          expect(at < 0).to.equal(valid);
          if (at >= 0) new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, at));
        }),
        { numRuns: 1000 },
      );
    });

    it("names the encoding it read", () => {
      expect(WRITTEN_ENCODINGS.map((e) => encodingOf(encodeText("{}", e)))).to.deep.equal([
        "UTF-8",
        "UTF-8 with a byte-order mark",
        "UTF-16LE with a byte-order mark",
        "UTF-16BE with a byte-order mark",
      ]);
      expect(encodingOf(Buffer.alloc(0))).to.equal("UTF-8");
    });

    for (const [encoding, bytes] of REFUSED) {
      it(`rejects ${encoding}, naming it and how to save the file as UTF-8`, () => {
        expect(() => decodeText(bytes))
          .to.throw(TextEncodingError)
          .with.property("message")
          .that.contains(encoding)
          .and.contains("Out-File -Encoding utf8");
      });
    }

    it("rejects any text in a legacy code page with a byte above 0x7F that is not UTF-8 (property), naming the byte's offset", () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 0x80, max: 0xff }), (prefix, high) => {
          const ascii = prefix.replace(/[^\x20-\x7e]/g, "a");
          const bytes = Buffer.concat([Buffer.from(ascii, "latin1"), Buffer.from([high, 0x20])]);
          expect(() => decodeText(bytes)).to.throw(TextEncodingError, `at offset ${ascii.length}`);
        }),
        { numRuns: 100 },
      );
    });
  });

  describe("the commands read what PowerShell wrote", () => {
    it("diff: a plan saved by Windows PowerShell 5.1 (`>`: UTF-16LE with a byte-order mark, CRLF) diffs as the UTF-8 one", async () => {
      const saved = await runCli(plan, ["--stack", "contoso", "--json"]);
      expect(saved.code).to.equal(0);
      const head = path.join(FIXTURES, "p2-enforced.json");
      const utf8 = await runCli(diff, ["--base", write("plan.json", Buffer.from(saved.stdout)), "--head", head, "--format", "json"]);
      expect(JSON.parse(utf8.stdout).changes.length).to.be.greaterThan(0);
      for (const encoding of WRITTEN_ENCODINGS) {
        const file = write(`plan-${encoding}.json`, encodeText(saved.stdout, encoding, true));
        const run = await runCli(diff, ["--base", file, "--head", head, "--format", "json"]);
        expect([run.code, run.stderr, run.stdout.replaceAll(`plan-${encoding}.json`, "plan.json")], encoding).to.deep.equal([utf8.code, "", utf8.stdout]);
        const same = await runCli(diff, ["--base", file, "--head", file]);
        expect(same.code, encoding).to.equal(0);
      }
    });

    it("diff: a pulumi preview --json saved as UTF-8 with a byte-order mark, CRLF", async () => {
      const preview = fs.readFileSync(path.join(FIXTURES, "preview-first-deploy.json"), "utf8");
      const file = write("preview.json", encodeText(preview, "utf8-bom", true));
      const run = await runCli(diff, ["--preview", file, "--format", "json"]);
      expect([run.code, run.stderr]).to.deep.equal([5, ""]);
    });

    it("plan: a stack file in each encoding, CRLF, plans as the UTF-8 one", async () => {
      const expected = await runCli(plan, ["--stack", "contoso", "--json"]);
      for (const encoding of WRITTEN_ENCODINGS) {
        const stacks = fs.mkdtempSync(path.join(dir, `stacks-${encoding}-`));
        fs.writeFileSync(path.join(stacks, "Pulumi.contoso.yaml"), encodeText(CONTOSO, encoding, true));
        const run = await runCli(plan, ["--stack", "contoso", "--stacks-dir", stacks, "--json"]);
        expect([run.code, run.stderr], encoding).to.deep.equal([0, ""]);
        expect(run.stdout, encoding).to.equal(expected.stdout);
      }
    });

    it("plan --state and --previous: a state and a plan in UTF-16BE with a byte-order mark", async () => {
      const state = write("state.json", encodeText('{\n  "policyIds": { "adminMfa": "3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21" }\n}\n', "utf16be-bom", true));
      expect(readStateIds(state)).to.deep.equal({ adminMfa: "3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21" });
      const previous = write("previous.json", encodeText(fs.readFileSync(path.join(FIXTURES, "p2-enforced.json"), "utf8"), "utf16be-bom"));
      const run = await runCli(plan, ["--stack", "contoso", "--previous", previous, "--json"]);
      expect(run.stderr).not.to.contain("encoding");
      expect(run.code).to.be.oneOf([0, 1]);
    });

    it("a custom policy's .json file in UTF-16LE with a byte-order mark", () => {
      const policy = { displayName: "Block legacy", state: "disabled", conditions: { clientAppTypes: ["other"] } };
      write("custom.json", encodeText(JSON.stringify(policy, null, 2), "utf16le-bom", true));
      const [loaded] = loadCustomPolicies({ legacy: "custom.json" }, dir);
      expect(loaded.graph).to.deep.equal(policy);
      write("custom-ansi.json", Buffer.from('{"displayName": "Zürich"}', "latin1"));
      expect(loadCustomPolicies({ ansi: "custom-ansi.json" }, dir)[0].loadError).to.contain("Windows-1252");
    });

    it("the pack config from a stack file in UTF-16LE, CRLF: the same config, which the pack accepts", () => {
      const fromUtf8 = packConfigFromStack(CONTOSO);
      expect(packConfigFromStack(encodeText(CONTOSO, "utf16le-bom", true))).to.deep.equal(fromUtf8);
      expect(readPackConfig(GUARD_POLICY, fromUtf8[GUARD_POLICY]).ok).to.equal(true);
    });

    it("a pack config file saved by PowerShell (UTF-16LE, CRLF) reads as the one policy-config wrote", () => {
      const written = `${JSON.stringify(packConfigFromStack(CONTOSO), null, 2)}\n`;
      const readings = readPackConfigFile(write("pack.json", encodeText(written, "utf16le-bom", true)));
      expect(readings).to.deep.equal(readPackConfigFile(write("pack-utf8.json", Buffer.from(written))));
      expect(Object.values(readings).map((r) => r.ok)).to.deep.equal([true, true]);
      expect(() => readPackConfigFile(write("pack-ansi.json", Buffer.from('{"é": 1}', "latin1")))).to.throw(TextEncodingError, "Windows-1252");
    });

    it("a stack file whose break-glass ids the Pulumi CLI stored as JSON text (pulumi new, pulumi config set) gives the pack a list", () => {
      const stored = `config:\n  entra-baseline:plan: p1\n  entra-baseline:breakGlassUsers: '["3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21"]'\n`;
      const config = packConfigFromStack(stored)[GUARD_POLICY];
      expect(config.breakGlassUsers).to.deep.equal(["3f2b6f4e-2a4c-4c0e-9a63-1f0e6d8f5b21"]);
      expect(readPackConfig(GUARD_POLICY, config).ok).to.equal(true);
    });

    for (const [encoding, bytes] of REFUSED) {
      it(`rejects a plan, a stack file and a stack for the pack config in ${encoding} with exit 2, naming the file and the encoding`, async () => {
        const file = write(`refused-${encoding.replace(/\W+/g, "-")}.json`, bytes);
        const run = await runCli(diff, ["--base", file, "--head", file]);
        expect([run.code, run.stdout]).to.deep.equal([2, ""]);
        expect(run.stderr)
          .to.contain(`--base ${file}: `)
          .and.contain(encoding)
          .and.not.match(/\n\s+at /);
        const stacks = fs.mkdtempSync(path.join(dir, "refused-"));
        fs.writeFileSync(path.join(stacks, "Pulumi.t.yaml"), bytes);
        const planned = await runCli(plan, ["--stack", "t", "--stacks-dir", stacks]);
        expect([planned.code, planned.stdout]).to.deep.equal([2, ""]);
        expect(planned.stderr).to.contain(encoding);
        const config = await runCli(async (argv, io) => policyConfig(argv, io!), [path.join(stacks, "Pulumi.t.yaml")]);
        expect([config.code, config.stdout]).to.deep.equal([2, ""]);
        expect(config.stderr).to.contain(encoding);
      });
    }
  });
});
