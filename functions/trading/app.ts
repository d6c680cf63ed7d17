import { type AppDeps, wiringOf } from '../../shared/app/deps.js';
import { type ApiHandler, createAreaHandler } from '../../shared/http/index.js';

/** The trading area's router; its routes join the route table with the issue that builds them. */
export function createTradingHandler(deps: AppDeps): ApiHandler {
  return createAreaHandler('trading', {}, wiringOf(deps));
}
