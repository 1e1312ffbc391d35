// The named schemas of the HTTP contract: each becomes `#/components/schemas/{id}` in the OpenAPI
// document, and every other schema that uses it refers to it there.
import { z } from "zod";

export const contractSchemas = z.registry<{ id: string }>();

/** The schema with its description, registered under its component name. */
export function named<T extends z.ZodType>(id: string, description: string, schema: T): T {
  // zod writes descriptions from its global registry (`.meta`); ours holds the component names.
  const described = schema.meta({ description }) as T;
  contractSchemas.add(described, { id });
  return described;
}

/** An ISO-8601 time as Date#toISOString writes it (UTC, milliseconds, `Z`). */
export const isoTime = () => z.iso.datetime();

/**
 * Compile-time: every key the handler's type has is in the schema's type, and its value fits.
 * Keys only in the schema are shapes announced by issue #17 whose handlers land separately.
 */
export type Conforms<Actual, Schema> = [Exclude<keyof Actual, keyof Schema>] extends [never]
  ? Actual extends Schema
    ? true
    : false
  : false;

/** Compile-time: the two types are the same. */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Fails to compile unless given `true`: `type Checks = [Check<Same<A, B>>, …]`. */
export type Check<T extends true> = T;
