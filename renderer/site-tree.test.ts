import { describe, expect, it } from "vitest";
import { siteDefaults, type SiteFolder, type SiteView } from "../shared/site";
import { flatten, idOf } from "./site-tree";

const site = (id: string, name: string, host: string, folderId?: string): SiteView => ({
  ...siteDefaults,
  id,
  name,
  host,
  ...(folderId ? { folderId } : {}),
  passwordSaved: false,
  clientCertificateSaved: false,
  secretsUnreadable: false,
});
const folders: SiteFolder[] = [{ id: "f1", name: "Work" }];
const sites = [site("a1", "Alpha", "alpha.example", "f1"), site("b1", "Beta", "beta.example")];
const shown = (search: string, unsaved?: string) => flatten(folders, sites, search, undefined, unsaved).map(idOf);

describe("the site tree", () => {
  it("shows matching sites with their folders", () => {
    expect(shown("")).toEqual(["f1", "a1", "b1"]);
    expect(shown("beta")).toEqual(["b1"]);
    expect(shown("ALPHA.ex")).toEqual(["f1", "a1"]);
  });

  it("never hides the site whose form holds changes not saved, nor its folder", () => {
    expect(shown("beta", "a1")).toEqual(["f1", "a1", "b1"]);
    expect(shown("nothing", "a1")).toEqual(["f1", "a1"]);
  });

  it("keeps the new site in its folder, whatever the search", () => {
    expect(flatten(folders, sites, "", { folderId: "f1", name: "New site" }).map(idOf)).toEqual(["f1", "a1", "new", "b1"]);
    expect(flatten(folders, sites, "beta", { folderId: "f1", name: "New site" }).map(idOf)).toEqual(["f1", "new", "b1"]);
  });
});
