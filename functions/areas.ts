import type { Area } from '../shared/api/route-types.js';
import type { AppDeps } from '../shared/app/deps.js';
import type { ApiHandler } from '../shared/http/area-handler.js';
import { createAdminHandler } from './admin/app.js';
import { createAuthHandler } from './auth/app.js';
import { createHealthHandler } from './health/app.js';
import { createTradingHandler } from './trading/app.js';

/** Every area's router from one set of dependencies: what the local runner serves. */
export function createAreaHandlers(deps: AppDeps): Record<Area, ApiHandler> {
  return {
    trading: createTradingHandler(deps),
    auth: createAuthHandler(deps),
    admin: createAdminHandler(deps),
    health: createHealthHandler(deps),
  };
}
