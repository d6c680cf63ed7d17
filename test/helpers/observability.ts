import { createObservability, type Observability } from '../../shared/observability/index.js';

/** Observability that writes nothing; tests that read logs capture them with captureLogs(). */
export function quietObservability(): Observability {
  return createObservability({ logLevel: 'SILENT', tracingEnabled: false, stage: 'test', version: '0.0.0-test' });
}
