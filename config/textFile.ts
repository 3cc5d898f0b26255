/**
 * The text of a file the tools read (stack file, plan, preview, state, pack config, custom policy),
 * whichever way Windows wrote it: Windows PowerShell 5.1's `>` writes UTF-16LE with a byte-order
 * mark, `Out-File -Encoding utf8` UTF-8 with one, PowerShell 7 and everything else UTF-8 without;
 * Notepad and git on Windows write CRLF line ends. Anything else is refused, naming the encoding.
 */

/** The encodings read, as the error messages name them. */
export const TEXT_ENCODINGS = ["UTF-8", "UTF-8 with a byte-order mark", "UTF-16LE with a byte-order mark", "UTF-16BE with a byte-order mark"] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** How to save a file as UTF-8, for the error messages. */
export const SAVE_AS_UTF8 =
  "save it as UTF-8 (PowerShell: `| Out-File -Encoding utf8 <file>`; an editor: Save with Encoding, UTF-8), or as UTF-16 with a byte-order mark";

/** A file in an encoding the tools do not read; the message names the encoding found and the fix. */
export class TextEncodingError extends Error {
  constructor(
    readonly encoding: string,
    message: string,
  ) {
    super(message);
    this.name = "TextEncodingError";
  }
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** Refuses an encoding, naming it; `described` says what the file is, if more than the name. */
function refuse(encoding: string, described = `is ${encoding}, which the tools do not read`): never {
  throw new TextEncodingError(encoding, `${described}; ${SAVE_AS_UTF8}`);
}

/** The encoding of a file without a byte-order mark that is not UTF-8: UTF-16 without a mark (NUL bytes every other byte) or a legacy code page. */
function guessUnmarked(bytes: Uint8Array): never {
  const pairs = Math.min(bytes.length >> 1, 512);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (pairs > 0 && oddZeros > pairs / 2 && evenZeros === 0) refuse("UTF-16LE", "is UTF-16LE without a byte-order mark, which the tools do not read");
  if (pairs > 0 && evenZeros > pairs / 2 && oddZeros === 0) refuse("UTF-16BE", "is UTF-16BE without a byte-order mark, which the tools do not read");
  if (bytes.includes(0)) refuse("binary", "is binary data, not text (it holds NUL bytes)");
  const at = firstInvalidUtf8(bytes);
  const byte = `0x${bytes[at].toString(16).toUpperCase().padStart(2, "0")}`;
  refuse("a legacy code page", `is not UTF-8: byte ${byte} at offset ${at} is not valid UTF-8, so it is Windows-1252 (ANSI) or another legacy code page`);
}

/** The offset of the first byte that does not begin a valid UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    const second = bytes[i + 1];
    // The second byte's range is narrower after E0, ED, F0 and F4 (overlong forms, surrogates, above U+10FFFF).
    if (length > 1) {
      const [low, high] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      if (second < low || second > high) return i;
      for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return -1;
}

/** The encoding a file's bytes are in; refuses UTF-32, UTF-16 without a byte-order mark, binary data and legacy code pages. */
export function encodingOf(bytes: Uint8Array): TextEncoding {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return "UTF-8 with a byte-order mark";
  if (startsWith(bytes, 0xff, 0xfe, 0x00, 0x00)) refuse("UTF-32LE");
  if (startsWith(bytes, 0x00, 0x00, 0xfe, 0xff)) refuse("UTF-32BE");
  if (startsWith(bytes, 0xff, 0xfe)) return "UTF-16LE with a byte-order mark";
  if (startsWith(bytes, 0xfe, 0xff)) return "UTF-16BE with a byte-order mark";
  if (firstInvalidUtf8(bytes) >= 0 || bytes.includes(0)) guessUnmarked(bytes);
  return "UTF-8";
}

const DECODER: Readonly<Record<TextEncoding, { label: string; bom: number }>> = {
  "UTF-8": { label: "utf-8", bom: 0 },
  "UTF-8 with a byte-order mark": { label: "utf-8", bom: 3 },
  "UTF-16LE with a byte-order mark": { label: "utf-16le", bom: 2 },
  "UTF-16BE with a byte-order mark": { label: "utf-16be", bom: 2 },
};

/**
 * A file's text: the byte-order mark removed and CRLF line ends made LF. Throws a
 * `TextEncodingError` for an encoding that is not read, or UTF-16 that is cut or holds a lone surrogate.
 */
export function decodeText(bytes: Uint8Array): string {
  const encoding = encodingOf(bytes);
  const { label, bom } = DECODER[encoding];
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    const name = encoding.replace(" with a byte-order mark", "");
    refuse(name, `is ${name} but damaged: an odd number of bytes, or half of a character pair`);
  }
  return text.replace(/\r\n/g, "\n");
}
