import { createCloudDeps } from '../../shared/app/cloud-deps.js';
import { createAdminHandler } from './app.js';

/** Lambda entry: dependencies are wired once per container, at cold start. */
export const handler = createAdminHandler(await createCloudDeps());
