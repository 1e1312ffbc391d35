/** A store failure with a message fit for logs: bad input, a refused URL, a failed migration. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
  }
}
