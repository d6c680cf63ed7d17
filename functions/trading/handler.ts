import { createCloudDeps } from '../../shared/app/cloud-deps.js';
import { createTradingHandler } from './app.js';

/** Lambda entry: dependencies are wired once per container, at cold start. */
export const handler = createTradingHandler(await createCloudDeps());
