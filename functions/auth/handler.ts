import { createCloudDeps } from '../../shared/app/cloud-deps.js';
import { createAuthHandler } from './app.js';

/** Lambda entry: dependencies are wired once per container, at cold start. */
export const handler = createAuthHandler(await createCloudDeps());
