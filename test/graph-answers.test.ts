import { expect } from "chai";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { answerChecker, compiledAnswerSchema, UNEXPECTED_ANSWER } from "../graph/answers";
import { sendBatches } from "../graph/batch";
import { GraphRequestError } from "../graph/errors";
import { followNextLink } from "../graph/paging";
import { listUsers, readPerUserMfa } from "../graph/perUserMfa";
import { readRegistrationCampaignState } from "../graph/registrationCampaign";
import { getAuthenticationMethodsPolicy } from "../graph/authenticationMethods";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { groupMemberIds, readAdminSspr, registrationDetailPages, rolePrincipalIds } from "../graph/registrationDetails";
import { readSecurityDefaults } from "../graph/securityDefaults";
import { CONDITIONAL_ACCESS_POLICIES_PATH, readTenant, SUBSCRIBED_SKUS_PATH } from "../live/readTenant";
import { answer } from "./graph-double/faults";
import { GraphDouble, startGraphDouble } from "./graph-double/server";
import { main as planMain } from "../cli/plan";
import { runCli } from "./support/cli";
import { clientFor, pipelineEnvironment, useGraphDouble } from "./support/graphClient";
import { rejection } from "./support/rejection";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";
import { BREAK_GLASS_USER } from "./fixtures/ids";

const failure = (promise: Promise<unknown>) => rejection<GraphRequestError>(promise);

/** A page of a collection, as Graph sends it. */
const page = (value: unknown, nextLink?: string) => ({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x",
  value,
  ...(nextLink ? { "@odata.nextLink": nextLink } : {}),
});

describe("a Graph answer's schema", () => {
  const schema = { type: "object", required: ["isEnabled"], properties: { isEnabled: { type: "boolean" } } };

  it("is compiled once per process, and reused for an equal schema given again", () => {
    expect(compiledAnswerSchema(schema)).to.equal(compiledAnswerSchema(structuredClone(schema)));
  });

  it("is compiled anew when it differs, even if the caller changed the same object", () => {
    const changing = structuredClone(schema);
    const before = compiledAnswerSchema(changing);
    changing.properties.isEnabled.type = "string";
    expect(compiledAnswerSchema(changing)).not.to.equal(before);
    expect(compiledAnswerSchema(changing)({ isEnabled: "yes" })).to.equal(true);
    expect(before({ isEnabled: "yes" })).to.equal(false);
  });

  it("reports each answer's own problems when the validator is reused", () => {
    const check = answerChecker(schema);
    expect(() => check({ isEnabled: 1 }, "GET first")).to.throw(GraphRequestError, /GET first.*isEnabled must be boolean/);
    expect(check<{ isEnabled: boolean }>({ isEnabled: true }, "GET second").isEnabled).to.equal(true);
    expect(() => check({}, "GET third")).to.throw(GraphRequestError, /GET third.*the answer must have required property 'isEnabled'/);
  });
});

describe("Graph answers are checked before they are believed", () => {
  let double: GraphDouble;
  useGraphDouble((started) => (double = started));

  describe("paging", () => {
    /** Graph answers `path` with empty pages, each linking on to the same path with the query `next` gives. */
    const emptyPagesAt = (path: string, next: (url: URL) => string) =>
      (double.override = (method, url) => (url.pathname === path ? { status: 200, body: page([], `${double.url}${path}${next(url)}`) } : undefined));

    it("rejects a nextLink to another host, sending that host no request and no token", async () => {
      const other = await startGraphDouble();
      try {
        double.override = (method, url) =>
          url.pathname === CONDITIONAL_ACCESS_POLICIES_PATH ? { status: 200, body: page([], `${other.url}${url.pathname}?$skiptoken=2`) } : undefined;
        const err = await failure(readTenant(clientFor(double)));
        expect(err).to.be.instanceOf(GraphRequestError);
        expect(err.code).to.equal("BadNextLink");
        expect(err.message).to.contain(`points at ${other.url}`).and.contain(`GET ${double.url}${CONDITIONAL_ACCESS_POLICIES_PATH}`);
        expect(other.requests).to.deep.equal([], "the other host heard nothing");
      } finally {
        await other.close();
      }
    });

    it("rejects a nextLink to the same host on another port or scheme, or with user info", async () => {
      const port = Number(new URL(double.url).port);
      for (const link of [
        `https://127.0.0.1:${port + 1}/v1.0/users`,
        `http://127.0.0.1:${port}/v1.0/users`,
        `https://evil.example@127.0.0.2:${port}/v1.0/users`,
      ]) {
        double.faults.push(answer(page([], link)));
        const err = await failure(listUsers(clientFor(double)));
        expect(err.code, link).to.equal("BadNextLink");
      }
    });

    it("rejects a nextLink that points back at a page already read, after one request", async () => {
      emptyPagesAt("/v1.0/users", (url) => url.search);
      const err = await failure(listUsers(clientFor(double)));
      expect(err.code).to.equal("PagingLoop");
      expect(double.count("GET", "/v1.0/users")).to.equal(1);
    });

    it("rejects a loop of two pages after two requests", async () => {
      emptyPagesAt("/v1.0/subscribedSkus", (url) => `?$skiptoken=${url.searchParams.get("$skiptoken") === "a" ? "b" : "a"}`);
      const err = await failure(readTenant(clientFor(double)));
      expect(err.code).to.equal("PagingLoop");
      expect(double.count("GET", "/v1.0/subscribedSkus")).to.equal(3);
    });

    it("stops after maxPages pages of a collection that never ends", async () => {
      emptyPagesAt("/v1.0/users", (url) => `?$skiptoken=${Number(url.searchParams.get("$skiptoken") ?? "0") + 1}`);
      const err = await failure(listUsers(clientFor(double, double.clientSecret, { maxPages: 7 })));
      expect(err.code).to.equal("TooManyPages");
      expect(err.message).to.contain("more than 7 pages");
      expect(double.count("GET", "/v1.0/users")).to.equal(7);
    });

    it("follows a relative nextLink on the Graph origin", async () => {
      double.faults.push(answer(page([{ id: BREAK_GLASS_USER.toUpperCase(), userPrincipalName: "bg@contoso.com" }], "/v1.0/users?$skiptoken=1")));
      double.faults.push(answer(page([])));
      expect(await listUsers(clientFor(double))).to.deep.equal([{ id: BREAK_GLASS_USER, userPrincipalName: "bg@contoso.com" }]);
    });

    it("refuses to send any request off the Graph endpoint, and refuses an endpoint that is not https", async () => {
      expect(() => clientFor(double, double.clientSecret, { endpoint: "http://127.0.0.1:1" })).to.throw(GraphRequestError, "not an https URL");
      expect(() => clientFor(double, double.clientSecret, { endpoint: "graph.microsoft.com" })).to.throw(GraphRequestError, "not an https URL");
    });
  });

  describe("nextLink rule (property)", () => {
    const origin = "https://graph.microsoft.com";
    const current = `${origin}/v1.0/users`;

    it("follows a link only when it is on the Graph origin, whatever the link", () => {
      const link = fc.oneof(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.string(),
        fc.constantFrom("//evil.example/x", "https://graph.microsoft.com.evil.example/", "https://graph.microsoft.com:444/"),
      );
      fc.assert(
        fc.property(link, (l) => {
          let followed: string | undefined;
          try {
            followed = followNextLink(l, current, origin, new Set());
          } catch (err) {
            expect(err).to.be.instanceOf(GraphRequestError);
            return;
          }
          expect(new URL(followed).origin).to.equal(origin);
        }),
      );
    });

    it("never follows a link already read", () => {
      fc.assert(
        fc.property(fc.webPath(), (p) => {
          const url = new URL(`/v1.0${p}`, origin).href;
          expect(() => followNextLink(url, current, origin, new Set([url]))).to.throw(GraphRequestError, "already read");
        }),
      );
    });
  });

  describe("malformed answers are errors naming the request, never believed", () => {
    const unexpected = async (promise: Promise<unknown>, request: string) => {
      const err = await failure(promise);
      expect(err, String(err)).to.be.instanceOf(GraphRequestError);
      expect(err.code).to.equal(UNEXPECTED_ANSWER);
      expect(err.message).to.contain(request).and.not.contain("Cannot read");
      return err;
    };

    for (const [name, body] of [
      ["without isEnabled", { id: "x", displayName: "Security Defaults" }],
      ["with isEnabled a string", { isEnabled: "true" }],
      ["with isEnabled null", { isEnabled: null }],
      ["that is a list", [{ isEnabled: true }]],
      ["that is null", null],
    ] as const) {
      it(`rejects Security Defaults ${name}, never reading it as off`, async () => {
        double.faults.push(answer(body));
        const err = await unexpected(readSecurityDefaults(clientFor(double)), "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy");
        expect(err.message).to.match(/isEnabled|the answer/);
      });
    }

    for (const [name, body] of [
      ["a string", '"policies"'],
      ["not JSON", "policies"],
      ["an object without value", { policies: [] }],
      ["value that is an object", { value: { id: "p" } }],
      ["a null policy", page([null])],
      ["a policy without an id", page([{ displayName: "x", state: "enabled" }])],
      ["a policy whose conditions are a string", page([{ id: "p", displayName: "x", state: "enabled", conditions: "all" }])],
      [
        "a policy whose excluded users are not a list",
        page([{ id: "p", displayName: "x", state: "enabled", conditions: { users: { excludeUsers: "everyone" } } }]),
      ],
      ["a nextLink that is not a string", page([], 42 as unknown as string)],
    ] as const) {
      it(`rejects a policy list that is ${name}, naming the policies endpoint`, async () => {
        double.override = (method, url) => (url.pathname === CONDITIONAL_ACCESS_POLICIES_PATH ? { status: 200, body } : undefined);
        await unexpected(readTenant(clientFor(double)), CONDITIONAL_ACCESS_POLICIES_PATH);
      });
    }

    it("accepts a policy with Graph's nulls, and lower-cases its object ids", async () => {
      const upper = BREAK_GLASS_USER.toUpperCase();
      double.tenant.policies.set("P", {
        id: "P",
        displayName: "portal",
        state: "enabled",
        conditions: { users: { includeUsers: ["All"], excludeUsers: [upper], includeGroups: null }, applications: null, clientAppTypes: ["all"] },
        grantControls: null,
        sessionControls: null,
      });
      const [policy] = (await readTenant(clientFor(double))).policies;
      expect(policy.conditions.users.excludeUsers).to.deep.equal([BREAK_GLASS_USER]);
      expect(policy.conditions.users.includeUsers).to.deep.equal(["All"]);
    });

    it("rejects subscribed SKUs without service plans, naming the SKU endpoint", async () => {
      double.override = (method, url) =>
        url.pathname === SUBSCRIBED_SKUS_PATH ? { status: 200, body: page([{ skuPartNumber: "SPE_E5", servicePlans: null }]) } : undefined;
      const err = await unexpected(readTenant(clientFor(double)), SUBSCRIBED_SKUS_PATH);
      expect(err.message).to.contain("value[0].servicePlans");
    });

    it("rejects a user whose id is not a GUID (it would go into a request path)", async () => {
      double.faults.push(answer(page([{ id: "../../policies", userPrincipalName: "x" }])));
      const err = await unexpected(listUsers(clientFor(double)), "/v1.0/users");
      expect(err.message).to.contain("value[0].id");
    });

    for (const [name, body] of [
      ["without responses", { value: [] }],
      ["with responses that are not a list", { responses: "ok" }],
      ["with a response without a status", { responses: [{ id: "1" }] }],
    ] as const) {
      it(`rejects a $batch answer ${name}`, async () => {
        double.faults.push(answer(body));
        await unexpected(sendBatches(clientFor(double), "beta", [{ id: "1", method: "GET", url: "/me" }], "User.Read.All"), "/beta/$batch");
      });
    }

    it("rejects a $batch answer for a request that was not sent", async () => {
      double.faults.push(answer({ responses: [{ id: "evil", status: 429, headers: {} }] }));
      await unexpected(sendBatches(clientFor(double), "beta", [{ id: "1", method: "GET", url: "/me" }], "User.Read.All"), "was not asked for");
    });

    it("rejects a per-user MFA state Graph never defines, naming the user's request", async () => {
      double.faults.push(answer({ responses: [{ id: BREAK_GLASS_USER, status: 200, body: { perUserMfaState: "off" } }] }));
      await unexpected(readPerUserMfa(clientFor(double), [{ id: BREAK_GLASS_USER }]), `/beta/users/${BREAK_GLASS_USER}/authentication/requirements`);
    });

    it("rejects the authentication methods readers' malformed answers, naming each request", async () => {
      const client = clientFor(double);
      double.faults.push(answer(null));
      await unexpected(readAdminSspr(client), "/v1.0/policies/authorizationPolicy");
      double.faults.push(answer({ authenticationMethodConfigurations: [null] }));
      await unexpected(getAuthenticationMethodsPolicy(client), "/beta/policies/authenticationMethodsPolicy");
      const role = "62e90394-69f5-4237-9190-012177145e10";
      double.faults.push(answer({ responses: [{ id: role, status: 200, body: page([{ principalId: 42 }]) }] }));
      await unexpected(rolePrincipalIds(client, [role]), "/v1.0/roleManagement/directory/roleAssignments");
      double.faults.push(answer({ responses: [{ id: BREAK_GLASS_USER, status: 200, body: page([{}]) }] }));
      await unexpected(groupMemberIds(client, [BREAK_GLASS_USER]), "/transitiveMembers/");
      double.faults.push(answer(page([{ id: "u", isMfaRegistered: "yes" }])));
      await unexpected(registrationDetailPages(client).next(), "/v1.0/reports/authenticationMethods/userRegistrationDetails");
    });

    it("reads group members and role holders as lower-cased ids", async () => {
      double.faults.push(answer({ responses: [{ id: BREAK_GLASS_USER, status: 200, body: page([{ id: BREAK_GLASS_USER.toUpperCase() }]) }] }));
      expect(await groupMemberIds(clientFor(double), [BREAK_GLASS_USER])).to.deep.equal(new Map([[BREAK_GLASS_USER, [BREAK_GLASS_USER]]]));
    });

    it("rejects a CA file it cannot read, naming the variable, before any request", () => {
      const env = { ...pipelineEnvironment(double, "/nonexistent/ca.pem") };
      for (const caFile of ["/nonexistent/ca.pem", os.tmpdir()]) {
        const err = (() => {
          try {
            graphClientFromEnvironment(undefined, { ...env, ENTRA_BASELINE_GRAPH_CA_FILE: caFile });
          } catch (e) {
            return e as GraphRequestError;
          }
          throw new Error("expected a rejection");
        })();
        expect(err).to.be.instanceOf(GraphRequestError);
        expect(err.message).to.match(/^ENTRA_BASELINE_GRAPH_CA_FILE .*: cannot read it \((ENOENT|EISDIR)\)/);
      }
      expect(double.requests).to.deep.equal([]);
    });

    it("rejects a registration campaign that is not an object", async () => {
      double.faults.push(answer({ registrationEnforcement: { authenticationMethodsRegistrationCampaign: "on" } }));
      await unexpected(readRegistrationCampaignState(clientFor(double)), "/beta/policies/authenticationMethodsPolicy");
    });
  });

  describe("plan --against live on a tenant read in part", () => {
    const plan = (env: NodeJS.ProcessEnv) => runCli(planMain, ["--stack", EXAMPLE_STACKS.p1, "--against", "live"], env);

    it("exits 1, never 0 or 3, naming the bad answer, when a tenant policy is malformed or paging goes elsewhere", async () => {
      const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eb-answers-")), "ca.pem");
      fs.writeFileSync(caFile, double.ca);
      const env = { PATH: process.env.PATH, ...pipelineEnvironment(double, caFile) };
      for (const body of [page([null]), page([], "https://example.com/v1.0/identity/conditionalAccess/policies?$skiptoken=1")]) {
        double.override = (method, url) => (url.pathname === CONDITIONAL_ACCESS_POLICIES_PATH ? { status: 200, body } : undefined);
        const run = await plan(env);
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stderr).to.contain("could not read the tenant").and.contain(CONDITIONAL_ACCESS_POLICIES_PATH).and.not.contain("Cannot read properties");
        expect(run.stdout).to.equal("");
      }
    });
  });

  describe("any JSON Graph might send (property)", function () {
    this.timeout(120000);
    /** Either a well-formed result or one GraphRequestError about the answer: never another error. */
    const readsOrRefuses = async <T>(run: () => Promise<T>, wellFormed: (value: T) => void) => {
      try {
        wellFormed(await run());
      } catch (err) {
        expect(err, String(err)).to.be.instanceOf(GraphRequestError);
        expect((err as GraphRequestError).code).to.be.oneOf([UNEXPECTED_ANSWER, "BadNextLink", "PagingLoop"]);
      }
    };
    const junk = fc.jsonValue({ maxDepth: 4 });
    const junkPolicy = fc.record(
      {
        id: fc.oneof(fc.uuid(), junk),
        displayName: fc.oneof(fc.string(), junk),
        state: fc.oneof(fc.constantFrom("enabled", "disabled"), junk),
        conditions: fc.oneof(junk, fc.record({ users: junk, applications: junk, clientAppTypes: junk }, { requiredKeys: [] })),
        grantControls: fc.oneof(junk, fc.record({ operator: junk, builtInControls: junk, authenticationStrength: junk }, { requiredKeys: [] })),
        sessionControls: fc.oneof(junk, fc.record({ signInFrequency: junk }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    );

    it("Security Defaults: a boolean, or an error", async () => {
      const client = clientFor(double);
      await fc.assert(
        fc.asyncProperty(fc.oneof(junk, fc.record({ isEnabled: junk })), async (body) => {
          double.faults.push(answer(body));
          await readsOrRefuses(
            () => readSecurityDefaults(client),
            (sd) => expect(sd.isEnabled).to.be.a("boolean"),
          );
        }),
        { numRuns: 50 },
      );
    });

    it("the tenant's policies, SKUs and users: well-formed, or an error", async () => {
      const client = clientFor(double);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            junk,
            fc.array(junkPolicy, { maxLength: 3 }).map((p) => page(p)),
          ),
          fc.oneof(junk, fc.record({ value: junk })),
          async (policies, skus) => {
            double.override = (method, url) =>
              url.pathname === CONDITIONAL_ACCESS_POLICIES_PATH
                ? { status: 200, body: policies }
                : url.pathname === SUBSCRIBED_SKUS_PATH
                  ? { status: 200, body: skus }
                  : undefined;
            await readsOrRefuses(
              () => readTenant(client),
              (tenant) => {
                for (const p of tenant.policies) {
                  expect(p.id).to.be.a("string");
                  expect(p.conditions.users.excludeUsers).to.be.an("array");
                }
                expect(tenant.skus).to.be.an("array");
              },
            );
          },
        ),
        { numRuns: 50 },
      );
    });

    it("the user listing and per-user MFA states: well-formed, or an error", async () => {
      const client = clientFor(double);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(junk, fc.record({ value: fc.oneof(junk, fc.array(fc.record({ id: fc.oneof(fc.uuid(), junk) }))) })),
          junk,
          async (users, batch) => {
            double.faults.push(answer(users), answer(batch));
            await readsOrRefuses(
              async () => readPerUserMfa(client, await listUsers(client)),
              (states) => states.forEach((s) => expect(s.state).to.be.oneOf(["disabled", "enabled", "enforced"])),
            );
            double.faults.length = 0;
          },
        ),
        { numRuns: 50 },
      );
    });
  });
});
