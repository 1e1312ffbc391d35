// Typed upstream failures. Every provider client throws only UpstreamError, so services can decide
// what to do (back off, alert, keep serving the last snapshot) from `kind` alone.

export type UpstreamErrorKind = "auth" | "quota" | "rate_limited" | "bad_response" | "unavailable";

export interface UpstreamErrorInit {
  kind: UpstreamErrorKind;
  provider: string;
  /** A short label such as "listings/latest", never a URL: URLs can carry keys. */
  endpoint: string;
  message: string;
  status?: number;
  providerCode?: string | number;
  retryAfterMs?: number;
}

// Only transient failures are worth a second call; auth, quota and bad bodies fail the same way again.
const RETRYABLE_KINDS: ReadonlySet<UpstreamErrorKind> = new Set(["rate_limited", "unavailable"]);

export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly kind: UpstreamErrorKind;
  readonly provider: string;
  readonly endpoint: string;
  readonly retryable: boolean;
  readonly providerCode?: string | number;
  // The three below are filled in by fetchJson once it knows them (status line, headers, loop count).
  status?: number;
  retryAfterMs?: number;
  /** How many attempts fetchJson made before giving up. */
  attempts = 1;

  constructor(init: UpstreamErrorInit) {
    super(`${init.provider} ${init.endpoint}: ${stripUrlQueries(init.message)}`);
    this.kind = init.kind;
    this.provider = init.provider;
    this.endpoint = init.endpoint;
    this.retryable = RETRYABLE_KINDS.has(init.kind);
    if (init.status !== undefined) this.status = init.status;
    if (init.providerCode !== undefined) this.providerCode = init.providerCode;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** Removes every given secret (API keys) from the message, in place. */
  redact(secrets: readonly string[]): this {
    this.message = redactSecrets(this.message, secrets);
    return this;
  }

  /** The structured form for logs: no stack, no cause, nothing that could hold a key. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      provider: this.provider,
      endpoint: this.endpoint,
      status: this.status,
      providerCode: this.providerCode,
      retryAfterMs: this.retryAfterMs,
      retryable: this.retryable,
      attempts: this.attempts,
      message: this.message,
    };
  }
}

// Short values (empty, "1") would shred the message without protecting anything.
const MIN_SECRET_LENGTH = 4;

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join("[redacted]");
  }
  return result;
}

// Query strings are where keys ride (`api_key=`), so a URL that slips into a message keeps only its path.
function stripUrlQueries(text: string): string {
  return text.replace(/(https?:\/\/[^\s?#"']*)[?#][^\s"']*/gi, "$1");
}

export function isUpstreamError(value: unknown): value is UpstreamError {
  return value instanceof UpstreamError;
}
