import iconv from "iconv-lite";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { ConnectRequest } from "../../shared/domain";
import { hasUndecodableBytes, readableName } from "../../shared/server-encoding";
import { failure } from "../../test-support/test-helpers";
import { interopQueue } from "./interop-queue";
import { interopSession } from "./interop-session";
import { cleanups, temporary } from "../../test-support/test-cleanups";

/**
 * vsftpd keeps names as the bytes it is sent and does not announce UTF8 (no utf8_filesystem): an
 * old server whose disk holds Windows-1251 and Shift_JIS names, made here through the file system.
 */
const { servers: file } = inject("interop");
const byName = (start: string) => {
  const server = file.servers.find((candidate) => candidate.name.startsWith(start));
  if (!server) throw new Error(`servers.json has no server named ${start}…`);
  return server;
};
const vsftpdPlain = byName("vsftpd plain");
const vsftpdTls = byName("vsftpd explicit");

const cyrillic = "Привет.txt";
const cyrillicFolder = "Папка";
const cyrillicInside = "файл.txt";
const japanese = "日本語.txt";
/** 0x98 is the one byte Windows-1251 leaves undefined, and no Shift_JIS character ends in "." either. */
const undecodable = Buffer.from([0xcf, 0x98, 0x2e, 0x62, 0x69, 0x6e]);

/** The raw bytes of the names in a server folder, as its disk holds them. */
async function namesOnDisk(folder: string): Promise<Buffer[]> {
  return readdir(folder, { encoding: "buffer" });
}

/** A path on the server's disk from bytes: Node takes a Buffer as a path of exactly those bytes. */
const diskPath = (folder: string, ...names: Buffer[]) =>
  Buffer.concat([Buffer.from(folder), ...names.flatMap((name) => [Buffer.from("/"), name])]);

/**
 * A session in the site's encoding, a test folder of its own made on the server (so that the
 * server's user owns it) holding names in legacy encodings, and a transfer queue.
 */
async function legacyServer(server: typeof vsftpdPlain, site: Partial<ConnectRequest>) {
  const { sessions, info } = await interopSession(server, site);
  const session = sessions.session(info.id);
  const name = `encodings-${server.port}-${Date.now()}`;
  await session.mkdir(file.startPath, name);
  const folder = `${file.startPath}/${name}`;
  const cp1251 = (text: string) => iconv.encode(text, "windows-1251");
  await writeFile(diskPath(folder, cp1251(cyrillic)), "cyrillic\n");
  await writeFile(diskPath(folder, iconv.encode(japanese, "shift_jis")), "japanese\n");
  await writeFile(diskPath(folder, undecodable), "undecodable\n");
  await sessions.session(info.id).mkdir(folder, site.encoding === "shift_jis" ? "フォルダ" : cyrillicFolder);
  const folderBytes = site.encoding === "shift_jis" ? iconv.encode("フォルダ", "shift_jis") : cp1251(cyrillicFolder);
  await writeFile(diskPath(folder, folderBytes, cp1251(cyrillicInside)), "inside\n");

  const queue = await interopQueue(sessions, info.id);
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  cleanups.push(async () => {
    await queue.close();
    sessions.closeAll();
  });
  return {
    folder,
    session,
    names: async (path = folder) => (await sessions.list(info.id, path, true, true)).entries.map((entry) => entry.name).sort(),
    log: () =>
      sessions
        .log(info.id)
        .all()
        .map((entry) => entry.text),
    copy: async (direction: "upload" | "download", sourceFolder: string, names: string[], targetFolder: string) => {
      await queue.copy(direction, sourceFolder, names, targetFolder);
      // What did not go well, with why; none when all went.
      return (await queue.drained()).filter((job) => job.status !== "done").map((job) => [job.remotePath, job.message]);
    },
  };
}

describe(`${vsftpdPlain.name}, a server that keeps names as bytes and does not announce UTF-8`, () => {
  it("Auto falls back to Windows-1251: names list as written, download, upload back as the same bytes, rename and delete", async () => {
    const server = await legacyServer(vsftpdPlain, { encoding: "auto", fallbackEncoding: "windows-1251" });
    expect(server.log()).toContain(
      "The server does not announce UTF-8: file names are read as Cyrillic (Windows-1251), the site's fallback.",
    );
    const names = await server.names();
    expect(names).toContain(cyrillic);
    expect(names).toContain(cyrillicFolder);
    // A Shift_JIS name is no error in Windows-1251, only other letters; the undefined byte is kept.
    expect(names.filter(hasUndecodableBytes).map(readableName)).toEqual(["\ufffd\ufffd.bin"]);
    expect(await server.names(`${server.folder}/${cyrillicFolder}`)).toEqual([cyrillicInside]);

    const local = await temporary("ferry-interop-encodings-local-");
    expect(await server.copy("download", server.folder, [cyrillic, cyrillicFolder], local)).toEqual([]);
    expect(await readFile(join(local, cyrillic), "utf8")).toBe("cyrillic\n");
    expect(await readFile(join(local, cyrillicFolder, cyrillicInside), "utf8")).toBe("inside\n");

    // Back up under a name of its own, which the server's disk holds in Windows-1251.
    await writeFile(join(local, "Ответ.txt"), "answer\n");
    expect(await server.copy("upload", local, ["Ответ.txt"], server.folder)).toEqual([]);
    expect(await readFile(diskPath(server.folder, iconv.encode("Ответ.txt", "windows-1251")), "utf8")).toBe("answer\n");

    await server.session.rename(server.folder, cyrillic, "Здравствуй.txt");
    const onDisk = await namesOnDisk(server.folder);
    expect(onDisk).toContainEqual(iconv.encode("Здравствуй.txt", "windows-1251"));
    expect(onDisk).not.toContainEqual(iconv.encode(cyrillic, "windows-1251"));
    // The session log shows the names as the user reads them.
    expect(server.log()).toContain(`RNTO ${server.folder}/Здравствуй.txt`);

    await server.session.delete(server.folder, ["Здравствуй.txt", cyrillicFolder]);
    expect(await server.names()).not.toContain(cyrillicFolder);
    expect(await namesOnDisk(server.folder)).not.toContainEqual(iconv.encode("Здравствуй.txt", "windows-1251"));
  });

  it("a name that does not decode is downloaded, renamed and deleted by its own bytes", async () => {
    const server = await legacyServer(vsftpdPlain, { encoding: "windows-1251" });
    const kept = (await server.names()).find(hasUndecodableBytes);
    expect(kept).toBeDefined();
    const name = kept ?? "";

    const local = await temporary("ferry-interop-encodings-kept-");
    expect(await server.copy("download", server.folder, [name], local)).toEqual([]);
    // The local disk is UTF-8: the bytes that did not decode arrive as replacement characters.
    expect(await readFile(join(local, "\ufffd\ufffd.bin"), "utf8")).toBe("undecodable\n");

    await server.session.rename(server.folder, name, "Читаемое.bin");
    expect(await readFile(diskPath(server.folder, iconv.encode("Читаемое.bin", "windows-1251")), "utf8")).toBe("undecodable\n");
    await server.session.rename(server.folder, "Читаемое.bin", name);
    expect(await namesOnDisk(server.folder)).toContainEqual(undecodable);

    await server.session.delete(server.folder, [name]);
    expect(await namesOnDisk(server.folder)).not.toContainEqual(undecodable);
  });

  it("a name the encoding cannot hold is refused with a sentence, and nothing is made", async () => {
    const server = await legacyServer(vsftpdPlain, { encoding: "windows-1251" });
    const error = await failure(server.session.mkdir(server.folder, "漢字"));
    expect(error.message).toBe(
      "The server's file names are in Cyrillic (Windows-1251), which has no “漢”: choose a name without it, or another encoding for file names in the site's settings.",
    );
    expect(await server.names()).not.toContain("漢字");
  });
});

describe(`${vsftpdTls.name}, with the site's encoding set to Shift_JIS`, () => {
  it("lists Japanese names, downloads them, and uploads back the same bytes", async () => {
    const server = await legacyServer(vsftpdTls, { encoding: "shift_jis" });
    expect(server.log()).toContain("File names are read as Japanese (Shift_JIS), as the site's settings say.");
    const names = await server.names();
    expect(names).toContain(japanese);
    expect(names).toContain("フォルダ");

    const local = await temporary("ferry-interop-encodings-sjis-");
    expect(await server.copy("download", server.folder, [japanese, "フォルダ"], local)).toEqual([]);
    expect(await readFile(join(local, japanese), "utf8")).toBe("japanese\n");
    await rm(diskPath(server.folder, iconv.encode(japanese, "shift_jis")));
    expect(await server.copy("upload", local, [japanese], server.folder)).toEqual([]);
    expect(await readFile(diskPath(server.folder, iconv.encode(japanese, "shift_jis")), "utf8")).toBe("japanese\n");
  });
});
