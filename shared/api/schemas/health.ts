import { z } from 'zod';

export const HealthQuerySchema = z.strictObject({
  detailed: z.enum(['true', 'false']).optional().describe('Detailed checks (SRE permission)'),
});

const check = z.object({
  status: z.enum(['ok', 'down', 'not_configured']),
  latencyMs: z.number().nonnegative().optional(),
});

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptimeSeconds: z.number().int().nonnegative(),
    checks: z
      .object({ store: check, cache: check })
      .optional()
      .describe('Only with detailed=true: each dependency probed, with its latency'),
    circuitBreakers: z.record(z.string(), z.string()).optional().describe('Only with detailed=true: each breaker and its state'),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

/** The OpenAPI document itself: an object we do not re-describe. */
export const OpenApiDocumentSchema = z.record(z.string(), z.unknown()).meta({ id: 'OpenApiDocument' });
