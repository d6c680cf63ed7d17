/** An error that already knows its HTTP answer. `detail` is shown to callers: keep it free of internals. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;
  constructor(
    status: number,
    code: string,
    title: string,
    detail?: string,
    options?: ErrorOptions & { headers?: Record<string, string>; extensions?: Record<string, unknown> },
  ) {
    super(detail ?? title, options);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.headers = options?.headers ?? {};
    this.extensions = options?.extensions ?? {};
  }
}

export interface FieldError {
  path: string;
  message: string;
}

export class BadRequestError extends HttpError {
  constructor(detail: string, errors?: FieldError[], options?: ErrorOptions) {
    super(400, 'bad-request', 'Bad Request', detail, { ...options, extensions: errors ? { errors } : {} });
    this.name = 'BadRequestError';
  }
}

export class UnauthorizedError extends HttpError {
  constructor(detail = 'A valid access token is required') {
    super(401, 'unauthorized', 'Unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer' } });
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends HttpError {
  constructor(detail = 'You do not have permission for this action') {
    super(403, 'forbidden', 'Forbidden', detail);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends HttpError {
  constructor(detail = 'No such resource') {
    super(404, 'not-found', 'Not Found', detail);
    this.name = 'NotFoundError';
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(allowed: readonly string[]) {
    super(405, 'method-not-allowed', 'Method Not Allowed', `Allowed methods: ${allowed.join(', ')}`, {
      headers: { Allow: allowed.join(', ') },
    });
    this.name = 'MethodNotAllowedError';
  }
}

export class ConflictError extends HttpError {
  constructor(detail: string, options?: ErrorOptions) {
    super(409, 'conflict', 'Conflict', detail, options);
    this.name = 'ConflictError';
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', 'Payload Too Large', `The request body exceeds ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor() {
    super(415, 'unsupported-media-type', 'Unsupported Media Type', 'Send the body as application/json');
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(retryAfterSeconds: number, detail = 'A dependency is unavailable; retry later', options?: ErrorOptions) {
    super(503, 'service-unavailable', 'Service Unavailable', detail, {
      ...options,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
    this.name = 'ServiceUnavailableError';
  }
}
