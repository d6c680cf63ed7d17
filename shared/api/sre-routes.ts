import type { RouteDefinition } from './route-types.js';
import { BreakerListSchema, BreakerParamsSchema, BreakerSchema, DashboardSchema, SloReportSchema } from './schemas/sre.js';

/** The SRE endpoints of the brief: read with `sre:read`, act with `sre:operate`. */
export const SRE_ROUTES = [
  { id: 'getSreDashboard', method: 'GET', path: '/admin/sre/dashboard', area: 'admin', permission: 'sre:read', summary: 'System health, SLO compliance, breaker states, cache and alert rules in one view', responses: { 200: { description: 'The dashboard', schema: DashboardSchema } } },
  { id: 'getSlos', method: 'GET', path: '/admin/sre/slos', area: 'admin', permission: 'sre:read', summary: 'Each SLO over 30 days: target, current, error budget remaining, status, burn rates (1 h, 6 h, 3 d)', responses: { 200: { description: 'SLO report', schema: SloReportSchema } } },
  { id: 'listBreakers', method: 'GET', path: '/admin/sre/circuit-breakers', area: 'admin', permission: 'sre:read', summary: 'Every circuit breaker: state, failure and slow-call rates, shared-state version', responses: { 200: { description: 'Breakers', schema: BreakerListSchema } } },
  { id: 'resetBreaker', method: 'POST', path: '/admin/sre/circuit-breakers/{name}/reset', area: 'admin', permission: 'sre:operate', summary: 'Close a breaker in every container (through the shared breaker table)', request: { params: BreakerParamsSchema }, responses: { 200: { description: 'The breaker after the reset', schema: BreakerSchema } } },
] as const satisfies readonly RouteDefinition[];
