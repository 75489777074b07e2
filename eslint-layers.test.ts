import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the layer rules of DESIGN.md, as lint enforces them", () => {
  it("keeps Node, electron and main/ out of renderer/", async () => {
    const problems = await restrictedImports("renderer/stores/x.ts", 'import "node:fs"; import "electron"; import "../../main/errors";');
    expect(problems).toHaveLength(3);
  });

  it("keeps electron, renderer/ and app/ out of main/", async () => {
    const problems = await restrictedImports(
      "main/sessions/x.ts",
      'import "electron"; import "../../renderer/format"; import "../../app/web/web-host";',
    );
    expect(problems).toHaveLength(3);
  });

  it("keeps Node, electron, React and the other layers out of shared/", async () => {
    const problems = await restrictedImports("shared/x.ts", 'import "os"; import "electron"; import "react"; import "../main/errors";');
    expect(problems).toHaveLength(4);
  });

  it("lets each layer import what the table allows", async () => {
    expect(await restrictedImports("main/x.ts", 'import "node:tls"; import "basic-ftp"; import "../shared/domain";')).toEqual([]);
    expect(await restrictedImports("renderer/x.ts", 'import "react"; import "../shared/contract";')).toEqual([]);
    expect(await restrictedImports("app/electron/x.ts", 'import "electron"; import "../../main/main-services";')).toEqual([]);
  });
});
