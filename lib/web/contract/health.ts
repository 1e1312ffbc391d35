// The contract of GET /api/health: 200 while data is served (`ok` or `degraded`, with the problems),
// 503 with the reason while there is none.
import { z } from "zod";
import { isoTime, named } from "./registry";
import { fxSourceSchema, mergeCountsSchema, sourceMetaSchema } from "./rows";

const role = z.enum(["ranking", "pricing"]);

const storeSchema = z.object({
  dialect: z.enum(["sqlite", "postgres"]),
  storeReachable: z.boolean(),
  storeError: z.string().nullable(),
  lastCheckAt: isoTime().nullable(),
  missing: z.array(role).meta({ description: "Roles with no snapshot yet" }),
  waiting: z
    .array(
      z.object({
        role,
        provider: z.string().nullable(),
        lastError: z.string().nullable(),
        lastErrorAt: isoTime().nullable(),
        nextAttemptAt: isoTime().nullable(),
      }),
    )
    .meta({ description: "Each source still missing: its provider, last error and when its service tries next" }),
});

const exitSchema = z.object({
  code: z.number().nullable(),
  signal: z.string().nullable(),
  at: z.string(),
  ranMs: z.number(),
});

const processesSchema = z
  .union([
    z.object({
      supervised: z.boolean(),
      supervisorPid: z.number().int(),
      updatedAt: z.string(),
      processes: z.array(
        z.object({
          name: z.string(),
          state: z.enum(["running", "restarting", "stopping", "stopped"]),
          pid: z.number().int().nullable(),
          since: z.string(),
          restarts: z.number().int(),
          lastExit: exitSchema.nullable(),
          nextStartAt: z.string().nullable(),
          recentExits: z.number().int(),
          crashLoop: z.boolean(),
        }),
      ),
    }),
    z.object({ error: z.string() }),
  ])
  .nullable()
  .meta({ description: "The processes the supervisor runs (npm start, npm run demo); null elsewhere" });

const leaseSchema = z.object({
  role,
  holder: z.string(),
  token: z.number().int(),
  expiresAt: isoTime(),
  live: z.boolean(),
});

export const healthServingSchema = named(
  "HealthServing",
  "Data is served: `ok`, or `degraded` with the problems in words.",
  z.object({
    status: z.enum(["ok", "degraded"]),
    problems: z.array(z.string()),
    checkedAt: isoTime(),
    simulated: z.boolean(),
    store: storeSchema,
    sources: z.object({ ranking: sourceMetaSchema, pricing: sourceMetaSchema }),
    fx: fxSourceSchema.nullable().meta({ description: "The exchange-rate source; null when conversion is off" }),
    leases: z.array(leaseSchema),
    processes: processesSchema,
    merge: mergeCountsSchema,
  }),
);

export const healthUnavailableSchema = named(
  "HealthUnavailable",
  "No data to serve yet: why, in the same words as the API's 503 no_data.",
  z.object({
    status: z.literal("unavailable"),
    reason: z.string(),
    checkedAt: isoTime(),
    store: storeSchema,
    sources: z.null(),
    processes: processesSchema,
  }),
);

export type HealthBody = z.infer<typeof healthServingSchema> | z.infer<typeof healthUnavailableSchema>;
