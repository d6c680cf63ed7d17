import type { Clock } from '../adapters/clock.js';
import type { RedisConnection } from '../adapters/redis/client.js';
import type { RuntimeConfig } from '../config.js';
import type { Authenticator } from '../http/auth-port.js';
import type { HandlerWiring } from '../http/area-handler.js';
import type { Observability } from '../observability/index.js';
import type { ItemStore } from '../store/port.js';

/** Everything a handler needs, built once per container (cold start) by a composition root. */
export interface AppDeps {
  readonly config: RuntimeConfig;
  readonly observability: Observability;
  readonly store: ItemStore;
  /** The L2 cache connection; undefined runs the service on L1 alone. */
  readonly redis: RedisConnection | undefined;
  readonly clock: Clock;
  readonly authenticator: Authenticator | undefined;
  /** When this container started, for uptime. */
  readonly startedAtMs: number;
}

export function wiringOf(deps: AppDeps): HandlerWiring {
  return {
    observability: deps.observability,
    maxBodyBytes: deps.config.maxBodyBytes,
    authenticator: deps.authenticator,
  };
}
