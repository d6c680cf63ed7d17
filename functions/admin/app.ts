import { type AppDeps, wiringOf } from '../../shared/app/deps.js';
import { type ApiHandler, createAreaHandler } from '../../shared/http/index.js';
import { setUserRoles } from './set-user-roles.js';

/** The admin area: operator actions, each behind its own permission. */
export function createAdminHandler(deps: AppDeps): ApiHandler {
  return createAreaHandler('admin', { setUserRoles: setUserRoles(deps) }, wiringOf(deps));
}
