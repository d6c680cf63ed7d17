import { z } from 'zod';

export const HealthQuerySchema = z.strictObject({
  detailed: z.enum(['true', 'false']).optional().describe('Detailed checks (SRE permission)'),
});

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptimeSeconds: z.number().int().nonnegative(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

/** The OpenAPI document itself: an object we do not re-describe. */
export const OpenApiDocumentSchema = z.record(z.string(), z.unknown()).meta({ id: 'OpenApiDocument' });
