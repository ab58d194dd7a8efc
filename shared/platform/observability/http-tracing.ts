import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('saga-platform.http');

type RoutedRequest = IncomingMessage & { readonly route?: { readonly path?: unknown }; readonly baseUrl?: string };

/**
 * A server span per HTTP request, continuing the caller's W3C `traceparent` when it sends one,
 * active for everything the request does (workflow starts carry it on). Named after the matched
 * route once the response is finished (`POST /orders`), never after the raw path (ids).
 * A no-op span while tracing is off.
 */
export function httpTracing(req: RoutedRequest, res: ServerResponse & { locals?: Record<string, unknown> }, next: () => void): void {
  const parent = propagation.extract(context.active(), req.headers);
  const method = req.method ?? 'GET';
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  res.once('close', () => {
    const route = typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : undefined;
    if (route) span.updateName(`${method} ${route}`).setAttribute('http.route', route);
    span.setAttribute('http.response.status_code', res.statusCode);
    const correlationId = res.locals?.correlationId;
    if (typeof correlationId === 'string') span.setAttribute('saga.correlation_id', correlationId);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  const active = trace.setSpan(parent, span);
  // The body parser and others continue from the request's stream events, which run in the
  // connection's async context: bound, their listeners run in the request's span.
  context.bind(active, req);
  context.bind(active, res);
  context.with(active, next);
}
