import type { Client } from "basic-ftp";

/**
 * basic-ftp takes a full stack trace for every command it sends, kept only to explain one misuse
 * (a command started while another still runs) that Ferry never makes. Formatting it was a
 * noticeable part of the CPU each folder of a walk and each small file cost; taken without
 * frames it is one word. Only the command's start runs so: errors made later keep their stacks.
 */
export function skipCommandStacks(client: Client): void {
  const ftp = client.ftp;
  const handle = ftp.handle.bind(ftp);
  ftp.handle = (command, responseHandler) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return handle(command, responseHandler);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}
