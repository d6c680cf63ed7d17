export * from './area-handler.js';
export * from './auth-port.js';
export * from './correlation.js';
export * from './errors.js';
export * from './headers.js';
export * from './openapi.js';
export * from './problem.js';
export * from './route-handler.js';
