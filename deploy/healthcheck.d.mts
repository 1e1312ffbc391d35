// Types for the plain-JavaScript health check, for its test.
export declare const ROLES: readonly string[];
export declare function roleOf(args: readonly string[]): string | null;
export declare function probeUrl(role: string | null, env: Record<string, string | undefined>): string | null;
