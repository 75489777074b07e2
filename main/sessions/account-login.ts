import { FTPError, type Client, type FTPResponse } from "basic-ftp";
import { positiveCompletion } from "basic-ftp/dist/parseControlResponse.js";
import { UserFacingError } from "../errors";

export interface Credentials {
  user: string;
  password: string;
}

/**
 * USER, PASS and, when the server asks for an account with 332, ACCT (RFC 959 4.1.1, 5.4):
 * basic-ftp's own login gives up on 332. As FileZilla's "Account" logon type, the account is
 * sent only when asked for: a server that logs the user in with 230 never sees it.
 */
export async function logIn(client: Client, credentials: Credentials, account: string | undefined): Promise<FTPResponse> {
  const response: FTPResponse = await client.ftp.handle(`USER ${credentials.user}`, (reply, task) => {
    if (reply instanceof Error) task.reject(reply);
    else if (positiveCompletion(reply.code)) task.resolve(reply);
    else if (reply.code === 331) client.ftp.send(`PASS ${credentials.password}`);
    else if (reply.code === 332 && account) client.ftp.send(`ACCT ${account}`);
    else if (reply.code === 332) {
      task.reject(
        new UserFacingError(
          "auth-failed",
          "The server asks for an account (ACCT) to log in. Enter it in the site's Account field in the Site Manager, then connect again.",
        ),
      );
    } else task.reject(new FTPError(reply));
  });
  return response;
}
