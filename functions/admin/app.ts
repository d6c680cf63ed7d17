import { type AppDeps, wiringOf } from '../../shared/app/deps.js';
import { type ApiHandler, createAreaHandler } from '../../shared/http/index.js';

/** The admin area's router; its routes join the route table with the issue that builds them. */
export function createAdminHandler(deps: AppDeps): ApiHandler {
  return createAreaHandler('admin', {}, wiringOf(deps));
}
