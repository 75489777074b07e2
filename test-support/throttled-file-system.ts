import { createRequire } from "node:module";
import { PassThrough, Writable, type Readable } from "node:stream";

const require = createRequire(import.meta.url);

interface FileSystemStreams {
  delete(path: string): Promise<unknown>;
  read(name: string, options: { start?: number }): Promise<{ stream: Readable; clientPath: string }>;
  write(
    name: string,
    options: { append?: boolean; start?: number },
  ): { stream: Writable & { path?: string | undefined }; clientPath: string };
}

/** How a test server is held back, so that tests can act while it works: transfers to a rate, each deletion by a pause. */
export interface Throttle {
  bytesPerSecond?: number | undefined;
  deleteMs?: number | undefined;
}

/** ftp-srv's own file system, held back as `throttle` says. */
export function throttledFileSystem(connection: unknown, root: string, { bytesPerSecond, deleteMs }: Throttle): FileSystemStreams {
  const { FileSystem } = require("ftp-srv") as {
    FileSystem: new (connection: unknown, options: { root: string; cwd: string }) => FileSystemStreams;
  };
  const fs = new FileSystem(connection, { root, cwd: "/" });
  if (deleteMs) {
    const remove = fs.delete.bind(fs);
    fs.delete = async (path) => {
      await new Promise((resolve) => setTimeout(resolve, deleteMs));
      return remove(path);
    };
  }
  if (!bytesPerSecond) return fs;
  const pause = (bytes: number) => new Promise((resolve) => setTimeout(resolve, (bytes * 1000) / bytesPerSecond));
  const read = fs.read.bind(fs);
  const write = fs.write.bind(fs);
  fs.read = async (name, options) => {
    const { stream, clientPath } = await read(name, options);
    const slow = new PassThrough();
    stream.on("data", (chunk: Buffer) => {
      stream.pause();
      slow.write(chunk);
      void pause(chunk.length).then(() => stream.resume());
    });
    stream.on("end", () => slow.end());
    stream.on("error", (error) => slow.destroy(error));
    return { stream: slow, clientPath };
  };
  fs.write = (name, options) => {
    const { stream, clientPath } = write(name, options);
    const slow = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          stream.write(chunk, () => void pause(chunk.length).then(() => done()));
        },
        final(done) {
          stream.end(done);
        },
      }),
      { path: stream.path },
    );
    return { stream: slow, clientPath };
  };
  return fs;
}
