import type { CommandRequest } from "../../shared/contract";
import { importFerry } from "./ferry-export";
import { importFileZilla } from "./import-filezilla";
import { importWinScp } from "./import-winscp";
import type { SiteImport } from "./site-import";

type ImportFormat = CommandRequest<"sites.import">["format"];

/** The site files Ferry imports: how each is read, and the folder its sites land in. */
export const importers: Record<ImportFormat, { read(content: string): SiteImport; folderName: string }> = {
  filezilla: { read: importFileZilla, folderName: "Imported from FileZilla" },
  winscp: { read: importWinScp, folderName: "Imported from WinSCP" },
  ferry: { read: importFerry, folderName: "Imported sites" },
};
