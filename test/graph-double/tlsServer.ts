import * as https from "https";
import type { IncomingMessage, ServerResponse } from "http";
import type { AddressInfo, Socket } from "net";
import { testCertificate } from "./certificate";

/** A request's body, read whole, as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** A double's server, listening. */
export interface TlsServer {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** The PEM certificate to trust (it signs itself). */
  readonly ca: string;
  /** Stops listening and ends every socket at once. */
  close(): Promise<void>;
}

/**
 * The handler served over real TLS (the test certificate) on a free port of 127.0.0.1. `close` ends every socket,
 * also those still in their TLS handshake (closeAllConnections misses those), so a double closes at once.
 */
export async function listenTls(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TlsServer> {
  const { key, cert } = testCertificate();
  const server = https.createServer({ key, cert }, handler);
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca: cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
