import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes X-Correlation-Id (or makes one), exposes it as res.locals.correlationId and echoes it. */
export const correlationId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-correlation-id');
  const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.locals.correlationId = id;
  res.setHeader('X-Correlation-Id', id);
  next();
};
