/** A host as it goes into a URL: an IPv6 literal in brackets (once), anything else as it is. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
