import { createCloudDeps } from '../../shared/app/cloud-deps.js';
import { createHealthHandler } from './app.js';

/** Lambda entry: dependencies are wired once per container, at cold start. */
export const handler = createHealthHandler(await createCloudDeps());
