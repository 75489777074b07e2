/**
 * Only the app's own page may call main: the top frame of Ferry's window, showing the
 * renderer file Ferry loaded. Anything else (an iframe, a page navigated elsewhere) is
 * refused before its payload is even read.
 */
export function isTrustedSender(
  sender: { frameUrl: string | undefined; isMainFrame: boolean; isAppWindow: boolean },
  rendererUrl: string,
): boolean {
  if (!sender.isAppWindow || !sender.isMainFrame || !sender.frameUrl) return false;
  const withoutFragment = sender.frameUrl.split("#")[0];
  return withoutFragment === rendererUrl;
}
