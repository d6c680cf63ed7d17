import { describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../../shared/api/route-types.js';
import { RouteMatcher } from '../../../shared/local/route-matcher.js';

const route = (method: RouteDefinition['method'], path: string): RouteDefinition => ({
  id: `${method} ${path}`,
  method,
  path,
  area: 'trading',
  permission: 'public',
  summary: '',
  responses: {},
});

const matcher = new RouteMatcher([
  route('GET', '/markets/{id}'),
  route('GET', '/markets/search'),
  route('DELETE', '/markets/{id}/orders/{orderId}'),
]);

describe('route matcher', () => {
  it('extracts and decodes path parameters', () => {
    expect(matcher.match('DELETE', '/markets/m%201/orders/o-2')).toEqual({
      route: expect.objectContaining({ path: '/markets/{id}/orders/{orderId}' }),
      pathParameters: { id: 'm 1', orderId: 'o-2' },
    });
  });

  it('prefers a literal segment over a parameter, as API Gateway does', () => {
    expect(matcher.match('GET', '/markets/search')).toMatchObject({ route: { path: '/markets/search' }, pathParameters: {} });
  });

  it('reports the allowed methods of a known path, and none for an unknown one', () => {
    expect(matcher.match('POST', '/markets/m1')).toEqual({ allowed: ['GET'] });
    expect(matcher.match('GET', '/markets/m1/extra')).toEqual({ allowed: [] });
    expect(matcher.match('GET', '/markets/')).toEqual({ allowed: [] });
  });
});
