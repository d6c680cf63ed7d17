import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { redactingReplacer } from './redaction.js';

export const SERVICE_NAME = 'fundcast';
export const METRICS_NAMESPACE = 'FundCast';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

export interface ObservabilityOptions {
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  tracingEnabled: boolean;
  stage: string;
  version: string;
}

/** One set per container, created at cold start; every area handler shares it. */
export function createObservability(options: ObservabilityOptions): Observability {
  const persistentKeys = { stage: options.stage, version: options.version };
  const logger = new Logger({ serviceName: SERVICE_NAME, logLevel: options.logLevel, persistentKeys, jsonReplacerFn: redactingReplacer });
  return {
    logger,
    // Its own warnings (e.g. an empty flush) go through our logger, so LOG_LEVEL governs them.
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger }),
    tracer: new Tracer({ serviceName: SERVICE_NAME, enabled: options.tracingEnabled }),
  };
}
