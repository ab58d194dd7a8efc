import cors from 'cors';
import express, { Router, type RequestHandler } from 'express';
import { ClaimStore } from '../../../shared/platform/claims';
import { ClaimStorageDriver, CodecRequestError, CodecRequestSchema, CodecService, PayloadEncryptionCodec } from '../../../shared/platform/temporal';
import { loadDataKeys } from '../../../shared/app/data-keys';
import type { Scope } from '../../http/api-keys';
import { ProblemError, problems } from '../../http/problem';
import type { ApiDeps } from '../../deps';
import { claimProblem } from '../claims/claim-problems';
import { scopesOfCodecToken } from './codec-endpoint-token';

type Operation = 'decode' | 'encode' | 'download';

/** Decoding shows personal data (a reader's scope); encoding makes payloads a command may send. */
const SCOPES: Record<Operation, readonly Scope[]> = {
  decode: ['queries', 'admin'],
  download: ['queries', 'admin'],
  encode: ['commands', 'admin'],
};

/** Temporal's own limit on a gRPC message: no codec request for real payloads is larger. */
const BODY_LIMIT = '4mb';

/**
 * Temporal's codec-server protocol, so the Web UI and the CLI show decrypted payloads while the
 * history keeps them encrypted: `POST /codec/{decode,encode,download}` with an API key
 * (`temporal ... --codec-auth "Bearer <key>"`), or `/codec/ui/<token>/...` for a browser's Web UI
 * that cannot send one (see codecEndpointToken). CORS answers the configured Web UI origins.
 */
export function codecServerRouter(deps: ApiDeps): Router {
  const claims = new ClaimStore(deps.mongo.db);
  const codec = new CodecService(new PayloadEncryptionCodec(loadDataKeys(deps.config)), new ClaimStorageDriver(claims));
  const router = Router();
  router.use(cors({
    origin: [...deps.config.codec.corsOrigins],
    methods: ['POST'],
    allowedHeaders: ['Content-Type', 'X-Namespace', 'Authorization', 'Authorization-Extras'],
    credentials: true,
    maxAge: 600,
  }));
  router.use(express.json({ limit: BODY_LIMIT, strict: true }));

  for (const operation of ['decode', 'encode', 'download'] as const) {
    const handle = handler(codec, operation);
    router.post(`/${operation}`, withKey(deps, operation), handle);
    router.post(`/ui/:token/${operation}`, withToken(deps, operation), handle);
  }
  return router;
}

function handler(codec: CodecService, operation: Operation): RequestHandler {
  return async (req, res) => {
    const parsed = CodecRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      throw problems.validation(parsed.error.issues.map((i) => ({ location: 'body' as const, path: i.path.map(String).join('.') || '(root)', message: i.message })));
    }
    const { payloads } = parsed.data;
    try {
      const out = operation === 'encode' ? await codec.encode(payloads)
        : operation === 'download' ? await codec.download(payloads)
          : await codec.decode(payloads, { preserveStorageRefs: req.query.preserveStorageRefs === 'true' });
      res.json({ payloads: out });
    } catch (err) {
      if (err instanceof CodecRequestError) throw new ProblemError(400, 'bad-payload', 'Bad payload', err.message);
      // A payload that does not open (tampered, or a key removed from the ring) is the caller's to see, not a 500.
      if (err instanceof Error && err.name === 'SealedBoxError') throw new ProblemError(422, 'payload-not-decryptable', 'Payload cannot be decrypted', err.message);
      throw claimProblem(err);
    }
  };
}

function withKey(deps: ApiDeps, operation: Operation): RequestHandler {
  return (req, res, next) => {
    const match = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1]) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw problems.unauthenticated('send Authorization: Bearer <api key> (temporal --codec-auth), or use /codec/ui/<token>');
    }
    allow(deps.keys.lookup(match[1])?.scopes, operation);
    next();
  };
}

function withToken(deps: ApiDeps, operation: Operation): RequestHandler {
  return (req, _res, next) => {
    allow(scopesOfCodecToken(deps.keys, String(req.params.token ?? '')), operation);
    next();
  };
}

function allow(scopes: ReadonlySet<Scope> | undefined, operation: Operation): void {
  if (!scopes) throw problems.unauthenticated('the API key or codec token is not valid');
  if (!SCOPES[operation].some((s) => scopes.has(s))) throw problems.forbidden(SCOPES[operation].join("' or '"));
}
