export * from './permissions.js';
export * from './route-types.js';
export * from './routes.js';
export * from './schemas/problem.js';
export * from './schemas/health.js';
