import { expect } from "chai";
import Ajv2020 from "ajv/dist/2020";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as prettier from "prettier";
import { generateSchema, main, parseCsdl } from "../vendor/generateGraphSchema";
import { runCli } from "./support/cli";
import { encodeText } from "./support/encodings";

const ROOT = path.join(__dirname, "..");
const SAMPLE_FILE = path.join(__dirname, "fixtures", "csdl", "conditionalAccessPolicy.sample.xml");
const SAMPLE = fs.readFileSync(SAMPLE_FILE, "utf8");
const VENDORED_FILE = path.join(ROOT, "config", "graph", "conditionalAccessPolicy.v1.schema.json");
const VENDORED = JSON.parse(fs.readFileSync(VENDORED_FILE, "utf8"));
/** Graph's real v1.0 metadata, cut down to what the two vendored schemas reach (test/fixtures/csdl/README.md). */
const EXCERPT_FILE = path.join(__dirname, "fixtures", "csdl", "v1.0-Prod.excerpt.xml");
const SOURCE = "microsoftgraph/msgraph-metadata v1.0-Prod.csdl (commit f54f11b60956ea7b185ca0447b2b80805836ec7b, 2026-08-20)";

/** The sample's types that it declares as Graph does, in full: their generated definitions must be the vendored ones. */
const DECLARED_IN_FULL = [
  "authenticationStrengthRequirements",
  "conditionalAccessAllExternalTenants",
  "conditionalAccessClientApp",
  "conditionalAccessEnumeratedExternalTenants",
  "conditionalAccessExternalTenants",
  "conditionalAccessExternalTenantsMembershipKind",
  "conditionalAccessGrantControl",
  "conditionalAccessGuestOrExternalUserTypes",
  "conditionalAccessGuestsOrExternalUsers",
  "conditionalAccessPolicyState",
];

const schemaOf = (xml = SAMPLE, root = "conditionalAccessPolicy") => generateSchema(parseCsdl(xml), root) as { $ref: string; $defs: Record<string, any> };

describe("vendored data (vendor/)", () => {
  it("names each file's source, date and licence in vendor/README.md", () => {
    const readme = fs.readFileSync(path.join(ROOT, "vendor", "README.md"), "utf8");
    const files = ["graph-schema", "ms-ca-templates"].flatMap((folder) => fs.readdirSync(path.join(ROOT, "vendor", folder)).map((f) => `${folder}/${f}`));
    for (const file of files) expect(readme, file).to.contain(file.startsWith("ms-ca-templates/template-") ? "ms-ca-templates/template-*.json" : file);
    expect(readme).to.match(/\| source \| date \| licence \|/);
    expect(readme).to.contain("generateGraphSchema.ts");
  });

  describe("the Graph schema generator (vendor/generateGraphSchema.ts) on Graph's real v1.0 metadata (an excerpt)", () => {
    const run = (root: string, ...options: string[]) => runCli(async (argv, io) => main(argv, io!), [EXCERPT_FILE, root, "--source", SOURCE, ...options]);

    it("regenerates the vendored conditionalAccessPolicy schema, byte for byte as vendor/README.md's command writes it", async () => {
      const note = VENDORED.description.replace(/^.*null not allowed\. /, "");
      const generated = await run("conditionalAccessPolicy", "--note", note);
      expect([generated.code, generated.stderr]).to.deep.equal([0, ""]);
      expect(JSON.parse(generated.stdout)).to.deep.equal(VENDORED);
      expect(await prettier.format(generated.stdout, { ...(await prettier.resolveConfig(VENDORED_FILE)), filepath: VENDORED_FILE })).to.equal(
        fs.readFileSync(VENDORED_FILE, "utf8"),
      );
    });

    it("regenerates the vendored Security Defaults schema, byte for byte", async () => {
      const file = path.join(ROOT, "vendor", "graph-schema", "msgraph-v1.0-identitySecurityDefaultsEnforcementPolicy.schema.json");
      const generated = await run("identitySecurityDefaultsEnforcementPolicy");
      expect(generated.stdout).to.equal(fs.readFileSync(file, "utf8"));
    });

    it("defines same-named types of two namespaces apart (Graph v1.0 declares 23 such names: alert and security.alert, group and termStore.group)", () => {
      const xml = `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
        <Schema Namespace="microsoft.graph" Alias="graph">
          <EntityType Name="group"><Property Name="set" Type="microsoft.graph.termStore.group" /></EntityType>
        </Schema>
        <Schema Namespace="microsoft.graph.termStore"><EntityType Name="group"><Property Name="displayName" Type="Edm.String" /></EntityType></Schema>
      </edmx:DataServices></edmx:Edmx>`;
      const schema = schemaOf(xml, "group");
      expect(schema.$ref).to.equal("#/$defs/group");
      expect(Object.keys(schema.$defs)).to.deep.equal(["group", "termStore.group"]);
      expect(schema.$defs.group.properties.set.anyOf[0]).to.deep.equal({ $ref: "#/$defs/termStore.group" });
      expect(Object.keys(schema.$defs["termStore.group"].properties)).to.deep.equal(["displayName"]);
      expect(() => parseCsdl(xml.replace(' Namespace="microsoft.graph.termStore"', ""))).to.throw("a Schema element has no Namespace attribute");
    });
  });

  describe("the Graph schema generator (vendor/generateGraphSchema.ts) on a CSDL sample", () => {
    const schema = schemaOf();

    it("generates the vendored schema's definitions of the types the sample declares as Graph does", () => {
      for (const name of DECLARED_IN_FULL) expect(schema.$defs[name], name).to.deep.equal(VENDORED.$defs[name]);
    });

    it("reaches every type the root needs, derived types included, and no other; base types are flattened, $defs sorted", () => {
      expect(Object.keys(schema.$defs)).to.deep.equal([
        "authenticationStrengthPolicy",
        "authenticationStrengthRequirements",
        "conditionalAccessAllExternalTenants",
        "conditionalAccessClientApp",
        "conditionalAccessConditionSet",
        "conditionalAccessEnumeratedExternalTenants",
        "conditionalAccessExternalTenants",
        "conditionalAccessExternalTenantsMembershipKind",
        "conditionalAccessGrantControl",
        "conditionalAccessGrantControls",
        "conditionalAccessGuestOrExternalUserTypes",
        "conditionalAccessGuestsOrExternalUsers",
        "conditionalAccessPolicy",
        "conditionalAccessPolicyState",
        "conditionalAccessPolicy__exact",
        "conditionalAccessUsers",
        "whatIfAnalysisReasons",
        "whatIfAnalysisResult",
      ]);
    });

    it("makes a type with derived types anyOf itself (__exact) and them; the root is the exact type", () => {
      expect(schema.$ref).to.equal("#/$defs/conditionalAccessPolicy__exact");
      expect(schema.$defs.conditionalAccessPolicy.anyOf).to.deep.equal([
        { $ref: "#/$defs/conditionalAccessPolicy__exact" },
        { $ref: "#/$defs/whatIfAnalysisResult" },
      ]);
      expect(schema.$defs.conditionalAccessPolicy__exact["x-csdl"]).to.deep.equal(VENDORED.$defs.conditionalAccessPolicy__exact["x-csdl"]);
    });

    it("lists the base types' properties first, then the type's own, then its navigation properties", () => {
      expect(Object.keys(schema.$defs.conditionalAccessPolicy__exact.properties)).to.deep.equal([
        "deletedDateTime",
        "conditions",
        "createdDateTime",
        "displayName",
        "grantControls",
        "id",
        "state",
      ]);
      expect(Object.keys(schema.$defs.whatIfAnalysisResult.properties).slice(-2)).to.deep.equal(["analysisReasons", "policyApplies"]);
      expect(Object.keys(schema.$defs.authenticationStrengthPolicy.properties)[0]).to.equal("id");
      expect(schema.$defs.conditionalAccessGrantControls.properties.authenticationStrength).to.deep.equal(
        VENDORED.$defs.conditionalAccessGrantControls.properties.authenticationStrength,
      );
    });

    it("validates a policy as Graph returns it, and rejects an unknown key, a null where the CSDL forbids one, and an unknown enum value", () => {
      const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
      const policy = {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity",
        id: "a",
        displayName: "MFA",
        state: "enabledForReportingButNotEnforced",
        createdDateTime: null,
        conditions: { clientAppTypes: ["all"], users: { includeUsers: ["All"], excludeUsers: [], excludeGuestsOrExternalUsers: null } },
        grantControls: { operator: "OR", builtInControls: ["mfa"], authenticationStrength: null },
      };
      expect(validate(policy), JSON.stringify(validate.errors)).to.equal(true);
      expect(validate({ ...policy, stat: "enabled" })).to.equal(false);
      expect(validate({ ...policy, displayName: null })).to.equal(false);
      expect(validate({ ...policy, state: "on" })).to.equal(false);
      expect(
        validate({
          ...policy,
          conditions: { ...policy.conditions, users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "internalGuest,x" } } },
        }),
      ).to.equal(false);
    });

    it("reads the metadata in any encoding the tools read, and prints the schema as the vendored files are written (command line)", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-csdl-"));
      const file = path.join(dir, "metadata.xml");
      fs.writeFileSync(file, encodeText(SAMPLE, "utf16le-bom", true));
      const run = await runCli(async (argv, io) => main(argv, io!), [file, "conditionalAccessPolicy", "--source", "a sample"]);
      expect([run.code, run.stderr]).to.deep.equal([0, ""]);
      expect(JSON.parse(run.stdout)).to.deep.equal(generateSchema(parseCsdl(SAMPLE), "conditionalAccessPolicy", { source: "a sample" }));
      expect(run.stdout).to.match(/^\{\n "\$schema"/);
      expect(JSON.parse(run.stdout).description).to.match(/^Generated from a sample; all properties optional/);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("rejects a document that is not CSDL, a type it does not hold, and a base type it lacks, naming each", async () => {
      expect(() => parseCsdl("<html/>")).to.throw(/not a CSDL document/);
      expect(() => schemaOf(SAMPLE, "device")).to.throw("type device is not in the metadata");
      expect(() => schemaOf(SAMPLE.replace('BaseType="graph.policyDeletableItem"', 'BaseType="graph.missing"'))).to.throw(
        "conditionalAccessPolicy: base type graph.missing is not in the metadata",
      );
      const usage = await runCli(async (argv, io) => main(argv, io!), [SAMPLE_FILE]);
      expect([usage.code, usage.stdout]).to.deep.equal([2, ""]);
      const missing = await runCli(async (argv, io) => main(argv, io!), [path.join(os.tmpdir(), "no-such.xml"), "x"]);
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.contain("no-such.xml");
    });
  });
});
