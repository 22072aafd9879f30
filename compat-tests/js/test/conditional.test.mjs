// Conditional writes (PutObject If-None-Match: * / If-Match: ETag) and conditional reads.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';

import { bodyBytes, captureRequests, expectS3Error, md5Hex, uniqueKey, withBucket } from './helpers.mjs';

describe('conditional writes', () => {
  const ctx = withBucket('js-conditional');

  async function content(key) {
    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
    return (await bodyBytes(got.Body)).toString();
  }

  test('IfNoneMatch "*" creates a new key, and is 412 PreconditionFailed on an existing one', async () => {
    const key = uniqueKey('if-none-match');
    const sent = captureRequests(ctx.s3);
    const first = await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'first', IfNoneMatch: '*' }));
    assert.equal(sent.find((r) => r.method === 'PUT')?.headers['if-none-match'], '*');
    assert.equal(first.ETag, `"${md5Hex('first')}"`);

    await expectS3Error(ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'second', IfNoneMatch: '*' })),
      { status: 412, code: 'PreconditionFailed' });
    assert.equal(await content(key), 'first', 'the refused write changed nothing');
  });

  test('IfMatch with a wrong ETag is 412, with the right ETag 200', async () => {
    const key = uniqueKey('if-match');
    const v1 = await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'version one' }));

    await expectS3Error(ctx.s3.send(new PutObjectCommand({
      Bucket: ctx.bucket, Key: key, Body: 'lost update', IfMatch: `"${md5Hex('something else')}"`,
    })), { status: 412, code: 'PreconditionFailed' });
    assert.equal(await content(key), 'version one');

    const v2 = await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'version two', IfMatch: v1.ETag }));
    assert.equal(v2.$metadata.httpStatusCode, 200);
    assert.equal(v2.ETag, `"${md5Hex('version two')}"`);
    assert.equal(await content(key), 'version two');

    // The ETag of version one no longer matches.
    await expectS3Error(ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'stale', IfMatch: v1.ETag })),
      { status: 412, code: 'PreconditionFailed' });
  });

  test('IfMatch on a missing key is 404 NoSuchKey', async () => {
    const key = uniqueKey('if-match-missing');
    await expectS3Error(ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'x', IfMatch: `"${md5Hex('x')}"` })),
      { status: 404, code: 'NoSuchKey' });
    await expectS3Error(ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key })), { status: 404, code: 'NotFound' });
  });

  test('conditional reads: IfNoneMatch is 304, IfMatch mismatch is 412', async () => {
    const key = uniqueKey('cond-read');
    const put = await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'read me' }));
    // 304 has no body, so the SDK can only name the error from the status: check the status.
    await assert.rejects(ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, IfNoneMatch: put.ETag })),
      (err) => {
        assert.equal(err.$metadata?.httpStatusCode, 304, `IfNoneMatch with the current ETag: ${err.name} ${err.message}`);
        return true;
      });
    await expectS3Error(ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, IfMatch: `"${md5Hex('nope')}"` })),
      { status: 412, code: 'PreconditionFailed' });
    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, IfMatch: put.ETag }));
    assert.equal((await bodyBytes(got.Body)).toString(), 'read me');
    const head = await ctx.s3.send(new HeadObjectCommand({
      Bucket: ctx.bucket, Key: key, IfModifiedSince: new Date(Date.now() - 3600_000),
    }));
    assert.equal(head.ETag, put.ETag);
  });
});
