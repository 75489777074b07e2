/** What F3 and F4 show of a file's bytes: its text, an image (F3 only), or a sentence saying why not. */
import type { OpenedFile } from "../../shared/edit";
import { UserFacingError } from "../errors";
import type { ReadFile } from "./file-stamps";
import { imageTypeOf } from "./image-type";
import { decodeText } from "./text-encoding";

export function openedFile(read: ReadFile, name: string, purpose: "edit" | "view", limit: number): OpenedFile {
  if (read.kind === "too-large") return { kind: "too-large", size: read.size, limit };
  const { bytes, stamp } = read;
  const image = purpose === "view" ? imageTypeOf(name, bytes) : undefined;
  if (image) return { kind: "image", mimeType: image, base64: bytes.toString("base64"), stamp };
  const text = decodeText(bytes, read.asciiAs);
  if (text) return { kind: "text", ...text, stamp };
  throw new UserFacingError(
    "invalid-request",
    purpose === "edit"
      ? `${name} is not a text file (it holds binary data), so Ferry will not edit it: saving it from a text editor would damage it.`
      : `${name} is not a text file or an image. Ferry shows text and images; download this file to open it.`,
  );
}
