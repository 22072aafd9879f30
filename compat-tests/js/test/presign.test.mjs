// Presigned URLs from @aws-sdk/s3-request-presigner, used with the global fetch (no SDK on the
// request path): PUT and GET, response overrides, expiry, tampering, a wrong key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { bodyBytes, makeClient, md5Hex, patternBytes, sleep, uniqueKey, withBucket } from './helpers.mjs';

/** The <Code> and <Message> of an S3 XML error body. */
function xmlError(text) {
  const field = (name) => (text.match(new RegExp(`<${name}>([^<]*)</${name}>`)) || [])[1];
  return { code: field('Code'), message: field('Message') };
}

async function fetchText(url, init = {}) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, text: body.toString('utf8') };
}

describe('presigned URLs with fetch', () => {
  const ctx = withBucket('js-presign');
  // For presigned PUTs: since 3.729 the default client signs the CRC32 of the (absent) body into
  // the URL; the advice for presigned uploads is a client with requestChecksumCalculation WHEN_REQUIRED.
  let presigner;
  before(() => {
    presigner = makeClient({ requestChecksumCalculation: 'WHEN_REQUIRED' });
  });
  after(() => presigner?.destroy());

  test('presigned PUT then presigned GET', async () => {
    const key = uniqueKey('round trip ü+');
    const data = patternBytes(123_457);
    const putUrl = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: ctx.bucket, Key: key }), { expiresIn: 300 });
    const parsed = new URL(putUrl);
    assert.equal(parsed.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.equal(parsed.searchParams.get('X-Amz-Expires'), '300');
    assert.ok(parsed.searchParams.get('X-Amz-Signature'), 'the URL is signed');

    const put = await fetchText(putUrl, { method: 'PUT', body: data });
    assert.equal(put.status, 200, `presigned PUT: ${put.text}`);
    assert.equal(put.headers.get('etag'), `"${md5Hex(data)}"`);

    const getUrl = await getSignedUrl(ctx.s3, new GetObjectCommand({ Bucket: ctx.bucket, Key: key }), { expiresIn: 300 });
    const got = await fetchText(getUrl);
    assert.equal(got.status, 200, `presigned GET: ${got.text.slice(0, 300)}`);
    assert.equal(got.headers.get('etag'), `"${md5Hex(data)}"`);
    assert.ok(got.body.equals(data), 'presigned GET bytes equal the presigned PUT bytes');

    const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }));
    assert.equal(head.ContentLength, data.length);
  });

  test('presigned GET with response overrides', async () => {
    const key = uniqueKey('overrides');
    const data = Buffer.from('{"hello":"presigned"}');
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: data }));
    const url = await getSignedUrl(ctx.s3, new GetObjectCommand({
      Bucket: ctx.bucket, Key: key,
      ResponseContentType: 'application/json', ResponseContentDisposition: 'attachment; filename="x.json"',
    }), { expiresIn: 60 });
    const got = await fetchText(url);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.headers.get('content-type'), 'application/json');
    assert.equal(got.headers.get('content-disposition'), 'attachment; filename="x.json"');
    assert.equal(got.text, data.toString());
    assert.equal(got.headers.get('etag'), `"${md5Hex(data)}"`);
  });

  test('a default-client presigned PUT: the signed empty-body CRC32 in the query is not enforced', async () => {
    // Since 3.729 the default client hoists x-amz-checksum-crc32=AAAAAA== (the CRC32 of no body)
    // into a presigned PutObject URL. S3 does not check checksum query parameters of presigned
    // URLs ("presigned URLs don't support ... CRC32, CRC32C, SHA-1, SHA-256"; LocalStack and MinIO
    // ignore them after comparing with AWS), so any body uploads.
    const key = uniqueKey('default-client-put');
    const data = Buffer.from('not the empty body the URL was signed for');
    const url = await getSignedUrl(ctx.s3, new PutObjectCommand({ Bucket: ctx.bucket, Key: key }), { expiresIn: 60 });
    const res = await fetchText(url, { method: 'PUT', body: data });
    assert.equal(res.status, 200, `presigned PUT with a hoisted checksum parameter: ${res.text}`);
    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
    assert.ok((await bodyBytes(got.Body)).equals(data), 'the uploaded bytes are stored');
  });

  test('an expired URL is 403 AccessDenied "Request has expired"', async () => {
    const key = uniqueKey('expired');
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'soon gone' }));
    const url = await getSignedUrl(ctx.s3, new GetObjectCommand({ Bucket: ctx.bucket, Key: key }), { expiresIn: 1 });
    const putUrl = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: ctx.bucket, Key: key }), { expiresIn: 1 });
    await sleep(2100);

    const res = await fetchText(url);
    assert.equal(res.status, 403, res.text);
    assert.match(res.text, /<Code>AccessDenied<\/Code>/);
    assert.match(res.text, /Request has expired/);

    const put = await fetchText(putUrl, { method: 'PUT', body: 'too late' });
    assert.equal(put.status, 403, put.text);
    assert.equal(xmlError(put.text).code, 'AccessDenied');
    const got = await fetchText(await getSignedUrl(ctx.s3, new GetObjectCommand({ Bucket: ctx.bucket, Key: key })));
    assert.equal(got.text, 'soon gone', 'the expired PUT wrote nothing');
  });

  test('a tampered URL is 403 SignatureDoesNotMatch', async () => {
    const key = uniqueKey('tamper');
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'guarded' }));
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: `${key}-other`, Body: 'other' }));
    const url = new URL(await getSignedUrl(ctx.s3, new GetObjectCommand({ Bucket: ctx.bucket, Key: key }), { expiresIn: 60 }));

    const otherKey = new URL(url);
    otherKey.pathname = `${url.pathname}-other`;
    const r1 = await fetchText(otherKey);
    assert.equal(r1.status, 403, r1.text);
    assert.equal(xmlError(r1.text).code, 'SignatureDoesNotMatch', 'another key under the same signature');

    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '604800');
    const r2 = await fetchText(longer);
    assert.equal(r2.status, 403, r2.text);
    assert.equal(xmlError(r2.text).code, 'SignatureDoesNotMatch', 'a stretched expiry');

    const flipped = new URL(url);
    const sig = flipped.searchParams.get('X-Amz-Signature');
    flipped.searchParams.set('X-Amz-Signature', sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0'));
    const r3 = await fetchText(flipped);
    assert.equal(r3.status, 403, r3.text);
    assert.equal(xmlError(r3.text).code, 'SignatureDoesNotMatch', 'a changed signature');

    const ok = await fetchText(url);
    assert.equal(ok.status, 200, 'the untouched URL still works');
    assert.equal(ok.text, 'guarded');
  });

  test('a URL signed with a wrong secret or an unknown access key is refused', async () => {
    const key = uniqueKey('wrong-key');
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'x' }));
    const badSecret = makeClient({ secretAccessKey: 'not-the-secret' });
    const unknownKey = makeClient({ accessKeyId: 'AKIAUNKNOWNKEY000000' });
    try {
      const r1 = await fetchText(await getSignedUrl(badSecret, new GetObjectCommand({ Bucket: ctx.bucket, Key: key })));
      assert.equal(r1.status, 403, r1.text);
      assert.equal(xmlError(r1.text).code, 'SignatureDoesNotMatch');
      const r2 = await fetchText(await getSignedUrl(unknownKey, new GetObjectCommand({ Bucket: ctx.bucket, Key: key })));
      assert.equal(r2.status, 403, r2.text);
      assert.equal(xmlError(r2.text).code, 'InvalidAccessKeyId');
    } finally {
      badSecret.destroy();
      unknownKey.destroy();
    }
  });
});
