/** Which images F3 shows: known by their first bytes (an SVG by its name and markup), never by the name alone. */
import type { viewableImageTypes } from "../../shared/edit";

type ImageType = (typeof viewableImageTypes)[number];

const startsWith = (bytes: Buffer, signature: readonly number[], at = 0) => signature.every((byte, index) => bytes[at + index] === byte);

export function imageTypeOf(name: string, bytes: Buffer): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  // An SVG is text: shown as an image only when it is named so and holds an <svg> element.
  if (/\.svg$/i.test(name) && /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString("utf8"))) return "image/svg+xml";
  return undefined;
}
