import type { Client, FileInfo } from "basic-ftp";
import type { FileEntry, Listing } from "../../shared/domain";
import { UserFacingError } from "../errors";

/** What a listing lacks: the server's own words when it cut the listing short, and how many of its lines could not be read. */
export interface ListingLacks {
  truncated?: string | undefined;
  unreadLines: number;
}

/** Says what a listing lacks, of `folder` when named. */
function lacking({ truncated, unreadLines }: ListingLacks, folder: string | undefined): string {
  const sentences: string[] = [];
  if (truncated !== undefined) {
    const listing = folder === undefined ? "the folder’s listing" : `its listing of ${folder}`;
    sentences.push(`The server cut ${listing} short (“${truncated}”): the folder holds more than was listed.`);
  }
  if (unreadLines > 0) {
    const listing = folder === undefined ? "the folder’s listing" : `the listing of ${folder}`;
    const lines = unreadLines === 1 ? "1 line" : `${unreadLines.toLocaleString("en-US")} lines`;
    const what = unreadLines === 1 ? "the entry it names is" : "the entries they name are";
    sentences.push(`${lines} of ${listing} could not be read: ${what} missing from it.`);
  }
  return sentences.join(" ");
}

/**
 * A listing that lacks entries its folder holds: the server cut it short, or some of its lines
 * could not be read (a month in another language, a format of the server's own). Nothing may
 * take it for the whole folder: a mirror would delete here, or upload over, what it lacks. So it
 * is thrown, and a synchronization
 * or a walk through folders counts the folder as one that did not list; the pane shows `entries`
 * with the sentence, and a look-up of a name finds the names it has.
 */
export class IncompleteListing extends UserFacingError {
  constructor(
    readonly entries: FileInfo[],
    readonly lacks: ListingLacks,
    folder?: string,
  ) {
    super("server-error", lacking(lacks, folder));
    this.name = "IncompleteListing";
  }

  /** The same, saying which folder: a walk's error then tells where it stopped. */
  of(folder: string): IncompleteListing {
    return new IncompleteListing(this.entries, this.lacks, folder);
  }
}

/** A folder's entries, those of an incomplete listing too, and, then, why it lacks some: for the pane to show as such. */
export async function listWhatThereIs(client: Client, folder?: string): Promise<{ infos: FileInfo[]; incomplete?: string }> {
  try {
    return { infos: await client.list(folder) };
  } catch (error) {
    if (!(error instanceof IncompleteListing)) throw error;
    return { infos: error.entries, incomplete: error.message };
  }
}

/** A folder's entries to find names in: a name an incomplete listing has is there, though one it lacks may be there too. */
export async function listToLookUp(client: Client, folder: string): Promise<FileInfo[]> {
  return (await listWhatThereIs(client, folder)).infos;
}

/** A pane's listing for a walk that adds up what is in a folder: one that lacks entries would give too little, so it throws. */
export function wholeEntries(listing: Listing): FileEntry[] {
  if (listing.incomplete !== undefined)
    throw new UserFacingError("server-error", `${listing.path} could not be listed whole: ${listing.incomplete}`);
  return listing.entries;
}
