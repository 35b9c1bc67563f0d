/**
 * Where the dashboard is reached from outside (`PUBLIC_URL`, e.g. `https://controlroom.example`):
 * links in mails and the OpenID Connect callback are made from it. Default: http://127.0.0.1:PORT.
 */
export function publicUrl(): string {
  const url = process.env.PUBLIC_URL || `http://127.0.0.1:${process.env.PORT ?? 4000}`;
  return url.replace(/\/+$/, "");
}
