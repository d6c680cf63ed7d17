import { PayloadTooLargeError } from '../errors.js';
import { type ApiMiddleware, stateOf } from './request-state.js';

/** Rejects bodies above the route's limit (or the configured default) before anything parses them. */
export function bodyLimit(defaultMaxBytes: number): ApiMiddleware {
  return {
    before: (request) => {
      const { body, isBase64Encoded } = request.event;
      if (!body) return;
      const limit = stateOf(request).route?.maxBodyBytes ?? defaultMaxBytes;
      // base64 inflates by 4/3: the cheap length check avoids decoding a huge body just to reject it.
      const size = isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, 'utf8');
      if (size > limit) throw new PayloadTooLargeError(limit);
    },
  };
}
