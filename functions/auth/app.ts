import { type AppDeps, wiringOf } from '../../shared/app/deps.js';
import { type ApiHandler, createAreaHandler } from '../../shared/http/index.js';

/** The auth area's router; its routes join the route table with the issue that builds them. */
export function createAuthHandler(deps: AppDeps): ApiHandler {
  return createAreaHandler('auth', {}, wiringOf(deps));
}
