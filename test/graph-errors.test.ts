import { createHttpHeaders, createPipelineRequest, PipelineResponse, RestError } from "@azure/core-rest-pipeline";
import { expect } from "chai";
import { errorForResponse, GraphRequestError } from "../graph/errors";
import { backoffMs, graphRetryStrategy, retryAfterMs } from "../graph/retryStrategy";

const failed = (status: number, body: string, permission = "Policy.Read.All") =>
  errorForResponse({
    method: "GET",
    url: "https://graph.microsoft.com/v1.0/x",
    status,
    body,
    permission,
    credentialSource: "client secret of AZURE_CLIENT_ID abc",
  });

const graphBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

describe("Graph errors (pure)", () => {
  it("names the credential on a 401 and says what to check", () => {
    const err = failed(401, graphBody("InvalidAuthenticationToken", "Access token validation failure."));
    expect(err).to.be.instanceOf(GraphRequestError).and.instanceOf(Error);
    expect(err).to.deep.include({ status: 401, code: "InvalidAuthenticationToken" });
    expect(err.message).to.contain("client secret of AZURE_CLIENT_ID abc").and.contain("tenant id, client id and secret");
  });

  it("names the permission the call was given on a 403, for Security Defaults and CA alike", () => {
    for (const permission of ["Policy.Read.All", "Policy.ReadWrite.SecurityDefaults", "Policy.ReadWrite.ConditionalAccess"]) {
      const err = failed(403, graphBody("Authorization_RequestDenied", "Insufficient privileges to complete the operation."), permission);
      expect(err.code).to.equal("Authorization_RequestDenied");
      expect(err.message).to.contain(`permission ${permission} `).and.contain("admin consent");
    }
  });

  it("passes Graph's own message through on a 400", () => {
    const err = failed(400, graphBody("BadRequest", "Security Defaults is enabled in the tenant."));
    expect(err.message).to.match(/Graph refused the request: Security Defaults is enabled in the tenant\.$/);
  });

  it("keeps a 400 whose body is not Graph's error shape readable, and short", () => {
    const err = failed(400, `<html>${"x".repeat(1000)}</html>`);
    expect(err.code).to.equal(undefined);
    expect(err.message.length).to.be.below(450);
  });

  it("says to try later after throttling or an outage, and not for a 404", () => {
    expect(failed(429, graphBody("TooManyRequests", "Too many requests.")).message).to.contain("try again later");
    expect(failed(503, "").message).to.contain("Graph answered 503").and.contain("try again later");
    expect(failed(404, graphBody("ResourceNotFound", "Policy 'p' was not found.")).message)
      .to.contain("404 ResourceNotFound: Policy 'p' was not found.")
      .and.not.contain("try again");
  });
});

describe("Graph retry strategy (pure)", () => {
  const options = { retryDelayMs: 100, maxRetryDelayMs: 1000, random: () => 0.5 };
  const response = (status: number, headers: Record<string, string> = {}): PipelineResponse => ({
    status,
    headers: createHttpHeaders(headers),
    request: createPipelineRequest({ url: "https://graph.microsoft.com/v1.0/x" }),
  });
  const retry = (info: Parameters<ReturnType<typeof graphRetryStrategy>["retry"]>[0]) => graphRetryStrategy(options).retry(info);

  it("reads Retry-After in seconds and as an HTTP date", () => {
    expect(retryAfterMs("7")).to.equal(7000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).to.equal(6000);
    expect(retryAfterMs(undefined)).to.equal(undefined);
    expect(retryAfterMs("soon")).to.equal(undefined);
  });

  it("doubles the backoff, capped", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, options))).to.deep.equal([100, 200, 400, 800, 1000, 1000]);
  });

  it("waits as long as Retry-After asks on 429 and 503, up to the cap", () => {
    expect(retry({ retryCount: 0, response: response(429, { "retry-after": "0.3" }) })).to.deep.equal({ retryAfterInMs: 300 });
    expect(retry({ retryCount: 0, response: response(503, { "retry-after": "60" }) })).to.deep.equal({ retryAfterInMs: 1000 });
  });

  it("backs off exponentially on a 429 or 504 without Retry-After", () => {
    expect(retry({ retryCount: 2, response: response(429) })).to.deep.equal({ retryAfterInMs: 400 });
    expect(retry({ retryCount: 0, response: response(504) })).to.deep.equal({ retryAfterInMs: 100 });
  });

  it("does not retry answers a retry cannot fix", () => {
    for (const status of [200, 400, 401, 403, 404, 500]) expect(retry({ retryCount: 0, response: response(status) })).to.deep.equal({ skipStrategy: true });
  });

  it("retries a network error, but not a timeout or a token failure", () => {
    expect(retry({ retryCount: 0, responseError: new RestError("connect ECONNREFUSED", { code: "ECONNREFUSED" }) })).to.deep.equal({ retryAfterInMs: 100 });
    const aborted = Object.assign(new RestError("The operation was aborted."), { name: "AbortError" });
    expect(retry({ retryCount: 0, responseError: aborted })).to.deep.equal({ skipStrategy: true });
    expect(retry({ retryCount: 0, responseError: new RestError("could not get a token") })).to.deep.equal({ skipStrategy: true });
  });
});
