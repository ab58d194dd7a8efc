import type { Response } from 'express';
import { z } from 'zod';
import { CLAIM_ID_PATTERN, ClaimLinkSigner, ClaimStore, type Claim } from '../../../shared/platform/claims';
import { loadDataKeys } from '../../../shared/app/data-keys';
import type { ApiDeps } from '../../deps';
import type { ApiRoutes } from '../../http/route';
import { problems } from '../../http/problem';
import { assertMayRead, identify } from './claim-access';
import { claimProblem } from './claim-problems';
import { contentDigest } from './content-digest';

const ClaimIdParams = z.object({ id: z.string().regex(CLAIM_ID_PATTERN, 'a claim id (UUID)') }).strict();
const SignedLinkQuery = z.object({ expires: z.string().optional(), kid: z.string().optional(), signature: z.string().optional() }).strict();
const ClaimLink = z.object({ url: z.string(), expiresAt: z.string() }).openapi('ClaimLink');

/** Redeeming a claim: its content streamed back, checked chunk by chunk against its SHA-256. */
export function registerClaimRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const claims = new ClaimStore(deps.mongo.db);
  const signer = new ClaimLinkSigner(loadDataKeys(deps.config));
  const { publicUrl, linkTtlMs } = deps.config.claims;

  const readable = async (id: string, requester: ReturnType<typeof identify>): Promise<Claim> => {
    const claim = await claims.find(id);
    if (!claim) throw problems.notFound(`no claim ${id}`);
    assertMayRead(requester, claim);
    return claim;
  };

  routes.add({
    method: 'get',
    path: '/claims/:id',
    // A signed link needs no key; otherwise identify() asks for one with a scope among the claim's readers.
    scope: 'public',
    summary: "A claim's content (Authorization with a scope among its readers, or a signed link's expires/kid/signature); never served if it no longer matches its SHA-256",
    tags: ['claims'],
    params: ClaimIdParams,
    query: SignedLinkQuery,
    responses: {
      200: { description: 'The content, with Content-Digest (sha-256) and ETag' },
      401: { description: 'Neither an API key nor a signed link' },
      403: { description: 'A signed link that is incomplete, expired or not signed for this claim, or a key without a scope among its readers' },
    },
    handler: async ({ params }, res, req) => {
      await readable(params.id, identify(req, deps.keys, signer, params.id));
      await stream(res, () => claims.open(params.id), (err) => deps.logger.error({ err, claimId: params.id }, 'claim content failed its check while streaming; response aborted'));
    },
  });

  routes.add({
    method: 'post',
    path: '/claims/:id/links',
    scope: 'public',
    summary: `A signed URL to a claim's content, valid for CLAIM_LINK_TTL, for a consumer without an API key (needs a key with a scope among the claim's readers)`,
    tags: ['claims'],
    params: ClaimIdParams,
    responses: { 201: { description: 'The signed URL', schema: ClaimLink } },
    handler: async ({ params }, res, req) => {
      const requester = identify(req, deps.keys, signer, params.id);
      if (requester.kind === 'link') throw problems.unauthenticated('a signed link cannot sign more links; send an API key');
      await readable(params.id, requester);
      const expiresAt = new Date(Date.now() + linkTtlMs);
      res.status(201).json({ url: `${publicUrl}/claims/${params.id}?${signer.query(params.id, expiresAt)}`, expiresAt: expiresAt.toISOString() });
    },
  });
}

/**
 * The first chunk is read (and checked) before the status line, so damage there is a clean 500;
 * damage further on aborts the response: the client sees a failed transfer, never wrong bytes.
 */
async function stream(res: Response, open: () => Promise<{ claim: Claim; content: AsyncGenerator<Buffer> }>, onAbort: (err: unknown) => void): Promise<void> {
  let claim: Claim;
  let first: IteratorResult<Buffer>;
  let content: AsyncGenerator<Buffer>;
  try {
    ({ claim, content } = await open());
    first = await content.next();
  } catch (err) {
    throw claimProblem(err);
  }
  res.status(200);
  res.setHeader('Content-Type', claim.contentType);
  res.setHeader('Content-Length', String(claim.size));
  res.setHeader('Content-Digest', contentDigest(claim.sha256));
  res.setHeader('ETag', `"sha256-${claim.sha256}"`);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Content-Disposition', `attachment; filename="${claim.claimId}"`);
  try {
    for (let next = first; !next.done && !res.destroyed; next = await content.next()) {
      if (!res.write(next.value)) await drainedOrClosed(res);
    }
    res.end();
  } catch (err) {
    onAbort(err);
    res.destroy();
  } finally {
    await content.return(undefined);
  }
}

function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
