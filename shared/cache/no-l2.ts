import type { L2Store } from './l2-store.js';

/**
 * The L2 of a service running without Redis: every call fails at once, so the cache's guarded L2
 * path falls through and the service runs on the in-container L1 alone (the local runner says so
 * once in its log).
 */
export const NO_L2: L2Store = {
  get: () => Promise.reject(new Error('no L2 cache configured')),
  set: () => Promise.reject(new Error('no L2 cache configured')),
  del: () => Promise.reject(new Error('no L2 cache configured')),
  generation: () => Promise.reject(new Error('no L2 cache configured')),
  bumpGeneration: () => Promise.reject(new Error('no L2 cache configured')),
  setNx: () => Promise.reject(new Error('no L2 cache configured')),
  releaseLease: () => Promise.reject(new Error('no L2 cache configured')),
  scanDelete: () => Promise.reject(new Error('no L2 cache configured')),
};
