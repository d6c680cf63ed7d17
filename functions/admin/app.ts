import { type AppDeps, wiringOf } from '../../shared/app/deps.js';
import { type ApiHandler, createAreaHandler } from '../../shared/http/index.js';
import { clearCache, warmCache } from './cache.js';
import { getSlos, getSreDashboard, getStats, listBreakers, resetBreaker } from './sre.js';
import { creditAccount } from './credit-account.js';
import { getTask } from './get-task.js';
import { setUserRoles } from './set-user-roles.js';

/** The admin area: operator actions, each behind its own permission. */
export function createAdminHandler(deps: AppDeps): ApiHandler {
  return createAreaHandler('admin', { setUserRoles: setUserRoles(deps), creditAccount: creditAccount(deps), getTask: getTask(deps), getStats: getStats(deps), clearCache: clearCache(deps), warmCache: warmCache(deps), getSreDashboard: getSreDashboard(deps), getSlos: getSlos(deps), listBreakers: listBreakers(deps), resetBreaker: resetBreaker(deps) }, wiringOf(deps));
}
