import { type AppDeps, wiringOf } from '../../shared/app/deps.js';
import { type ApiHandler, createAreaHandler } from '../../shared/http/index.js';
import { getHealth } from './get-health.js';
import { getOpenApi } from './get-openapi.js';

export function createHealthHandler(deps: AppDeps): ApiHandler {
  return createAreaHandler('health', { getHealth: getHealth(deps), getOpenApi: getOpenApi(deps) }, wiringOf(deps));
}
