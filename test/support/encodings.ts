/** The ways Windows and its tools write a text file, as bytes: what PowerShell 5.1's `>` writes is `utf16le-bom` with CRLF. */
export const WRITTEN_ENCODINGS = ["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"] as const;
export type WrittenEncoding = (typeof WRITTEN_ENCODINGS)[number];

/** `text` as a file in `encoding`, its line ends made CRLF when asked. */
export function encodeText(text: string, encoding: WrittenEncoding, crlf = false): Buffer {
  const lines = crlf ? text.replace(/\r?\n/g, "\r\n") : text;
  switch (encoding) {
    case "utf8":
      return Buffer.from(lines, "utf8");
    case "utf8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines, "utf8")]);
    case "utf16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines, "utf16le")]);
    case "utf16be-bom":
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(lines, "utf16le").swap16()]);
  }
}
