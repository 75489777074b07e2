/**
 * The renderer's Content Security Policy: only the app's own scripts and styles, no eval, no
 * inline script, sockets only back to where the page came from.
 */
const directives = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** As the web host sends it, in a header. */
export const contentSecurityPolicy = [...directives, "frame-ancestors 'none'"].join("; ");

/** As the built page carries it for Electron, which loads a file: meta tags cannot hold frame-ancestors. */
export const contentSecurityPolicyMeta = directives.join("; ");
