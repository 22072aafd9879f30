// Virtual-hosted-style addressing: with forcePathStyle false and an endpoint of
// http://localhost:PORT the SDK sends requests to BUCKET.localhost:PORT, and s3emu (--domain
// localhost, the default) reads the bucket from the Host header.
//
// glibc does not resolve NAME.localhost (RFC 6761 says it is loopback), so the clients here use
// an http.Agent whose lookup maps localhost and *.localhost to 127.0.0.1 (helpers.mjs); traffic
// still goes to s3emu over loopback with the real Host header.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import {
  PORT,
  bodyBytes,
  captureRequests,
  checksumB64,
  deleteBucketQuietly,
  expectS3Error,
  localhostLookup,
  makeClient,
  md5Hex,
  systemResolvesToLoopback,
  uniqueBucket,
} from './helpers.mjs';

/** A GET with node:http through the *.localhost-aware lookup. */
function httpGet(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { lookup: localhostLookup, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

describe('virtual-hosted style (BUCKET.localhost)', () => {
  const endpoint = `http://localhost:${PORT}`;
  const bucket = uniqueBucket('js-vhost');
  let v;
  let path;

  before(() => {
    v = makeClient({ forcePathStyle: false, endpoint });
    path = makeClient();
  });

  after(async () => {
    if (path) await deleteBucketQuietly(path, bucket);
    v?.destroy();
    path?.destroy();
  });

  test('BUCKET.localhost resolves to 127.0.0.1 for these clients', async (t) => {
    const native = await systemResolvesToLoopback(`${bucket}.localhost`);
    t.diagnostic(`the system resolver ${native ? 'maps' : 'does not map'} ${bucket}.localhost to loopback; ` +
      'the clients use their own lookup either way');
    const address = await new Promise((resolve, reject) => {
      localhostLookup(`${bucket}.localhost`, {}, (err, addr) => (err ? reject(err) : resolve(addr)));
    });
    assert.equal(address, '127.0.0.1');
  });

  test('CreateBucket, PutObject, GetObject, ListObjectsV2, DeleteObject go to BUCKET.localhost', async () => {
    const sent = captureRequests(v);
    await v.send(new CreateBucketCommand({ Bucket: bucket }));
    const key = 'virtual/a b+c ü ✓.txt';
    const body = Buffer.from('served by Host: bucket.localhost');
    const put = await v.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: { style: 'virtual' } }));
    assert.equal(put.ETag, `"${md5Hex(body)}"`);
    assert.equal(put.ChecksumCRC32, checksumB64('CRC32', body));

    assert.ok(sent.length >= 2, 'requests were captured');
    for (const r of sent) {
      assert.equal(r.hostname, `${bucket}.localhost`, `${r.method} ${r.path} goes to the bucket's host`);
      assert.equal(r.headers.host, `${bucket}.localhost:${PORT}`, 'Host header carries the bucket');
      assert.ok(!r.path.startsWith(`/${bucket}`), `the path does not repeat the bucket: ${r.path}`);
    }

    const got = await v.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    assert.ok((await bodyBytes(got.Body)).equals(body));
    assert.deepEqual(got.Metadata, { style: 'virtual' });

    const list = await v.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'virtual/' }));
    assert.deepEqual((list.Contents ?? []).map((o) => o.Key), [key]);

    // The same object through path style.
    const head = await path.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(head.ETag, put.ETag);

    await v.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    await expectS3Error(v.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), { status: 404, code: 'NotFound' });
    await expectS3Error(v.send(new GetObjectCommand({ Bucket: bucket, Key: key })), { status: 404, code: 'NoSuchKey' });
  });

  test('a virtual-hosted presigned GET', async () => {
    const key = 'presigned/vhost.txt';
    await path.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'vhost presigned' }));
    const url = await getSignedUrl(v, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60 });
    assert.equal(new URL(url).host, `${bucket}.localhost:${PORT}`);
    const res = await httpGet(url);
    assert.equal(res.status, 200, res.body.toString());
    assert.equal(res.body.toString(), 'vhost presigned');
  });

  test('a missing bucket by Host is NoSuchBucket', async () => {
    await expectS3Error(v.send(new GetObjectCommand({ Bucket: uniqueBucket('js-vhost-none'), Key: 'k' })),
      { status: 404, code: 'NoSuchBucket' });
  });
});
