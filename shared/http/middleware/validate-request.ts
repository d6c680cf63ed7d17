import { z } from 'zod';
import { BadRequestError, type FieldError, UnsupportedMediaTypeError } from '../errors.js';
import { type ApiMiddleware, stateOf } from './request-state.js';

const NO_PARAMETERS = z.strictObject({});
const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

function fieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

function parsePart(schema: z.ZodType, value: unknown, part: string): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadRequestError(`The request ${part} is not valid`, fieldErrors(result.error, part));
}

/**
 * Parses and validates path, query and body against the route's zod schemas; schemas are strict,
 * so unknown fields are rejected. Body parsing lives here (not @middy/http-json-body-parser)
 * because one area router serves GETs without bodies and POSTs with them, and the content-type
 * rule must apply only where a body is expected.
 */
export function validateRequest(): ApiMiddleware {
  return {
    before: (request) => {
      const state = stateOf(request);
      const route = state.route;
      if (!route) return;
      const { event } = request;
      const params = parsePart(route.request?.params ?? z.object({}), event.pathParameters ?? {}, 'path');
      const query = parsePart(route.request?.query ?? NO_PARAMETERS, event.queryStringParameters ?? {}, 'query');
      const rawBody = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
      let body: unknown;
      if (route.request?.body) {
        if (!JSON_MEDIA_TYPE.test(event.headers?.['content-type'] ?? '')) throw new UnsupportedMediaTypeError();
        let json: unknown;
        try {
          json = JSON.parse(rawBody);
        } catch {
          throw new BadRequestError('The request body is not valid JSON');
        }
        body = parsePart(route.request.body, json, 'body');
      } else if (rawBody.trim() !== '') {
        throw new BadRequestError('This operation takes no request body');
      }
      state.input = { params, query, body };
    },
  };
}
