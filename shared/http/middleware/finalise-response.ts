import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Observability } from '../../observability/index.js';
import { CORRELATION_HEADER, NO_STORE, SECURITY_HEADERS } from '../headers.js';
import { problemResponse, toHttpError } from '../problem.js';
import { type ApiMiddleware, type ApiRequest, stateOf } from './request-state.js';

/** What every answered request tells the SLO recorder and the per-invocation metrics. */
export interface RequestOutcome {
  status: number;
  latencyMs: number;
}

/**
 * The last word on every response: maps errors to problem+json, adds the correlation id and the
 * security headers (errors included), writes one access-log line and the request metrics.
 */
export function finaliseResponse({ logger, metrics }: Observability, onCompleted?: (outcome: RequestOutcome) => void): ApiMiddleware {
  const complete = (request: ApiRequest): void => {
    const state = stateOf(request);
    const response = request.response ?? { statusCode: 204, body: '' };
    const headers: Record<string, string | number | boolean> = { ...(response.headers ?? {}), ...SECURITY_HEADERS };
    headers[CORRELATION_HEADER] = state.correlationId;
    if (state.principal || headers['Cache-Control'] === undefined) headers['Cache-Control'] = NO_STORE;
    request.response = { ...response, headers };

    const durationMs = Math.round((performance.now() - state.startedAt) * 100) / 100;
    const status = response.statusCode;
    logger.info('request completed', {
      method: request.event.httpMethod,
      route: state.route?.id ?? 'unmatched',
      status,
      durationMs,
    });
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, durationMs);
    if (status >= 500) metrics.addMetric('ServerErrors', MetricUnit.Count, 1);
    else if (status >= 400) metrics.addMetric('ClientErrors', MetricUnit.Count, 1);
    onCompleted?.({ status, latencyMs: durationMs });
  };

  return {
    before: (request) => {
      logger.appendKeys({ correlationId: stateOf(request).correlationId });
    },
    after: complete,
    onError: (request) => {
      const state = stateOf(request);
      const error = toHttpError(request.error);
      if (error.status >= 500) {
        logger.error('request failed', { error: request.error });
      }
      request.response = problemResponse(error, state.correlationId, request.event?.path);
      complete(request);
    },
  };
}
