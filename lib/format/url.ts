// A connection URL made safe to log: the database's and Redis's both may carry a password.

/** The URL with any password replaced by `***`, in its user part or as a `password` query parameter. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    // libpq and ioredis also take the password as a query parameter.
    if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***");
    return parsed.toString();
  } catch {
    // An unparsable URL may still hold a password between "user:" and "@": hide that part.
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}
