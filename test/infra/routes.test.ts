import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCdkConfig } from '../../lib/config.js';
import { ApiStack, pathParameters } from '../../lib/stacks/api-stack.js';
import { DataStack } from '../../lib/stacks/data-stack.js';
import { PUBLIC } from '../../shared/api/permissions.js';
import type { RouteDefinition } from '../../shared/api/route-types.js';
import { cdkJsonContext } from './synth.js';

/** Routes with nested path parameters, as the trading area will have them. */
const ROUTES_WITH_PARAMS: RouteDefinition[] = [
  { id: 'getMarket', method: 'GET', path: '/markets/{id}', area: 'trading', permission: 'market:read', summary: 's', responses: {} },
  {
    id: 'cancelOrder',
    method: 'DELETE',
    path: '/markets/{id}/orders/{orderId}',
    area: 'trading',
    permission: 'order:place',
    summary: 's',
    responses: {},
  },
  { id: 'getJwks', method: 'GET', path: '/.well-known/jwks.json', area: 'auth', permission: PUBLIC, summary: 's', responses: {} },
];

function apiWith(routes: RouteDefinition[]): ApiStack {
  const app = new App({ context: { ...cdkJsonContext(), [BUNDLING_STACKS]: [] } });
  const config = loadCdkConfig(app, {});
  const data = new DataStack(app, 'Data', { stage: config.stage, cache: config.cache, logRetention: config.logRetentionDays });
  // The data stack exposes signingKeysSecret, blindIndexSecret and piiKey: it is the functions' key material.
  return new ApiStack(app, 'Api', { config, tables: data.tables, keys: data, network: data.network.functionNetwork, cache: data.cache, routes });
}

describe('ApiStack route resources', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(apiWith(ROUTES_WITH_PARAMS));
  });

  it('turns {param} segments into path-parameter resources', () => {
    for (const part of ['markets', '{id}', 'orders', '{orderId}', '.well-known', 'jwks.json']) {
      template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: part });
    }
    template.resourceCountIs('AWS::ApiGateway::Resource', 6);
  });

  it('requires every path parameter of a route', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'DELETE',
      OperationName: 'cancelOrder',
      RequestParameters: { 'method.request.path.id': true, 'method.request.path.orderId': true },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      OperationName: 'getMarket',
      RequestParameters: { 'method.request.path.id': true },
    });
  });

  it('rejects two parameter names at the same level, which API Gateway cannot deploy', () => {
    const clash: RouteDefinition = { ...ROUTES_WITH_PARAMS[0]!, id: 'clash', method: 'POST', path: '/markets/{marketId}/resolve' };
    expect(() => apiWith([...ROUTES_WITH_PARAMS, clash])).toThrow(/clash.*\{marketId\}.*\/markets\/\{id\}/);
  });

  it('reads parameter names from a path', () => {
    expect(pathParameters('/markets/{id}/orders/{orderId}')).toEqual(['id', 'orderId']);
    expect(pathParameters('/health')).toEqual([]);
  });
});
