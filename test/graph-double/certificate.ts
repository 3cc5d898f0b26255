import * as selfsigned from "selfsigned";

export interface TestCertificate {
  readonly key: string;
  /** PEM; also the CA to trust, since it signs itself. */
  readonly cert: string;
}

let cached: TestCertificate | undefined;

/** A self-signed certificate for 127.0.0.1 and localhost, made once per test process. */
export function testCertificate(): TestCertificate {
  if (!cached) {
    const pems = selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
      days: 2,
      keySize: 2048,
      algorithm: "sha256",
      extensions: [
        { name: "basicConstraints", cA: true },
        {
          name: "subjectAltName",
          altNames: [
            { type: 7, ip: "127.0.0.1" },
            { type: 2, value: "localhost" },
          ],
        },
      ],
    });
    cached = { key: pems.private, cert: pems.cert };
  }
  return cached;
}
