import { expect } from "chai";
import { errorForResponse, GraphRequestError } from "../graph/errors";
import { backoffMs, READ_RETRIED_STATUS, retryAfterMs, retryDecision, WRITE_RETRIED_STATUS } from "../graph/retryStrategy";

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

  it("says how many attempts were made, and why a request was not sent again", () => {
    const err = errorForResponse({
      method: "PATCH",
      url: "https://graph.microsoft.com/v1.0/x",
      status: 503,
      body: graphBody("ServiceUnavailable", "The service is temporarily unavailable."),
      permission: "Policy.ReadWrite.SecurityDefaults",
      credentialSource: "client secret",
      attempts: 1,
      notRetried: "a write is retried only when Graph throttled it (429)",
    });
    expect(err.message).to.equal(
      "PATCH https://graph.microsoft.com/v1.0/x: Graph answered 503 ServiceUnavailable: The service is temporarily unavailable. " +
        "(after 1 attempt; a write is retried only when Graph throttled it (429)); try again later",
    );
    expect(err.attempts).to.equal(1);
  });

  it("says to try later after throttling or an outage, and not for a 404", () => {
    expect(failed(429, graphBody("TooManyRequests", "Too many requests.")).message).to.contain("try again later");
    expect(failed(503, "").message).to.contain("Graph answered 503").and.contain("try again later");
    expect(failed(404, graphBody("ResourceNotFound", "Policy 'p' was not found.")).message)
      .to.contain("404 ResourceNotFound: Policy 'p' was not found.")
      .and.not.contain("try again");
  });
});

describe("Graph retry decision (pure)", () => {
  const options = { maxRetries: 4, retryDelayMs: 100, maxRetryDelayMs: 1000, maxRetryAfterMs: 60_000, random: () => 0.5 };
  const read = (status: number | undefined, retryAfter?: string, attempts = 1) => retryDecision({ status, retryAfter }, attempts, true, options);
  const write = (status: number | undefined, retryAfter?: string, attempts = 1) => retryDecision({ status, retryAfter }, attempts, false, options);

  it("reads Retry-After in seconds and as an HTTP date", () => {
    expect(retryAfterMs("7")).to.equal(7000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).to.equal(6000);
    expect(retryAfterMs(undefined)).to.equal(undefined);
    expect(retryAfterMs("soon")).to.equal(undefined);
  });

  it("doubles the backoff, capped", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, options))).to.deep.equal([100, 200, 400, 800, 1000, 1000]);
  });

  it("retries a read on 429, 500, 502, 503 and 504, and on a lost answer", () => {
    for (const status of [...READ_RETRIED_STATUS, undefined]) expect(read(status), String(status)).to.deep.equal({ retry: true, delayMs: 100 });
    expect(READ_RETRIED_STATUS).to.deep.equal([429, 500, 502, 503, 504]);
  });

  it("honours Retry-After in full, beyond the backoff's cap, on every retried status", () => {
    expect(read(429, "0.3")).to.deep.equal({ retry: true, delayMs: 300 });
    expect(read(503, "30")).to.deep.equal({ retry: true, delayMs: 30_000 });
    expect(read(500, "2")).to.deep.equal({ retry: true, delayMs: 2000 });
  });

  it("backs off exponentially without Retry-After", () => {
    expect(read(429, undefined, 3)).to.deep.equal({ retry: true, delayMs: 400 });
    expect(read(504, "", 1)).to.deep.equal({ retry: true, delayMs: 100 });
  });

  it("stops after maxRetries retries: at most maxRetries + 1 attempts", () => {
    expect(read(503, undefined, 4).retry).to.equal(true);
    expect(read(503, undefined, 5)).to.deep.equal({ retry: false });
  });

  it("rejects a Retry-After longer than it waits, saying how long Graph asked", () => {
    expect(read(429, "300")).to.deep.equal({ retry: false, why: "Graph asked to wait 300 s (Retry-After), longer than the 60 s this run waits" });
  });

  it("does not retry answers a retry cannot fix", () => {
    for (const status of [200, 400, 401, 403, 404, 409, 501]) expect(read(status), String(status)).to.deep.equal({ retry: false });
  });

  it("retries a write only when Graph throttled it, and says why not otherwise", () => {
    expect(WRITE_RETRIED_STATUS).to.deep.equal([429]);
    expect(write(429, "1")).to.deep.equal({ retry: true, delayMs: 1000 });
    for (const status of [500, 502, 503, 504]) expect(write(status).retry, String(status)).to.equal(false);
    expect(write(503)).to.have.property("why").that.contains("only when Graph throttled it (429)");
    expect(write(undefined)).to.have.property("why").that.contains("may have been carried out");
    expect(write(400)).to.deep.equal({ retry: false });
  });

  it("never retries a token failure", () => {
    expect(retryDecision({ tokenProblem: true }, 1, true, options)).to.deep.equal({ retry: false });
  });
});
