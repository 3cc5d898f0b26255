import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { SUBCOMMANDS } from "../cli/entra-baseline";
import { docsPages } from "./support/files";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const README = read("README.md");
/** The documentation a reader of the repository or the package meets. */
const DOCS = ["README.md", "ARCHITECTURE.md", "CHANGELOG.md", "config/README.md", ...docsPages(ROOT)];

/** Relative links of a markdown text: `[text](target)`, without anchors and web addresses. */
const relativeLinks = (markdown: string) =>
  [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^(https?:|mailto:|#)/.test(target))
    .map((t) => t.split("#")[0]);

/** Paths of one machine: a home, a temporary folder, this build machine's work folder, a Windows profile. */
const MACHINE_PATH = /(?:^|[\s`("'])(?:\/work\/|\/home\/\w|\/tmp\/|\/Users\/\w|[A-Z]:\\Users\\)/m;

describe("the documentation", () => {
  describe("the README's first screen", () => {
    const first40 = README.split("\n").slice(0, 40).join("\n");

    it("is a quick start: its first section, reaching the first plan within 40 lines", () => {
      expect(README.split("\n").find((line) => line.startsWith("## "))).to.equal("## Quick start");
      expect(first40).to.contain("npm ci").and.contain("npx entra-baseline plan --stack contoso");
      expect(first40).to.contain("npm test");
    });

    it("names every command of the entra-baseline bin", () => {
      for (const name of Object.keys(SUBCOMMANDS)) expect(first40, name).to.contain(`\`${name}\``);
    });

    it("says how to save an npm script's output without npm's banner", () => {
      expect(first40).to.match(/npm run --silent/);
    });
  });

  describe("operator and maintainer documentation, kept apart", () => {
    it("keeps the layout and the tests in ARCHITECTURE.md, linked from the README", () => {
      expect(README).not.to.match(/^## (Layout|Tests)$/m);
      expect(read("ARCHITECTURE.md"))
        .to.match(/^## Layout$/m)
        .and.match(/^## Tests$/m);
      expect(relativeLinks(README)).to.include("ARCHITECTURE.md");
    });
  });

  describe("links and paths", () => {
    for (const doc of DOCS) {
      it(`${doc}: every relative link names a file of the repository`, () => {
        const missing = relativeLinks(read(doc)).filter((target) => !fs.existsSync(path.join(ROOT, path.dirname(doc), target)));
        expect(missing).to.deep.equal([]);
      });

      it(`${doc}: names no path of one machine`, () => {
        expect(MACHINE_PATH.exec(read(doc))?.[0]).to.equal(undefined);
      });
    }

    it("rejects a machine path and a dangling link (the checks can fail)", () => {
      expect(MACHINE_PATH.test("the schema in `/work/shared/reference/`")).to.equal(true);
      expect(MACHINE_PATH.test("C:\\Users\\admin\\plan.json")).to.equal(true);
      expect(MACHINE_PATH.test("stacks/Pulumi.contoso.yaml and https://example.com/work/x")).to.equal(false);
      expect(relativeLinks("[a](docs/none.md#x) [b](https://x) [c](#y)")).to.deep.equal(["docs/none.md"]);
    });
  });
});
