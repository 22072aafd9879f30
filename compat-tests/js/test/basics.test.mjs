// Basics: buckets, listing (delimiter, pagination), copy, batch delete, ranges, missing keys.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';

import {
  bodyBytes,
  deleteBucketQuietly,
  expectS3Error,
  makeClient,
  md5Hex,
  patternBytes,
  uniqueBucket,
  uniqueKey,
  withBucket,
} from './helpers.mjs';

describe('buckets', () => {
  test('CreateBucket, HeadBucket, ListBuckets, DeleteBucket', async () => {
    const s3 = makeClient();
    const bucket = uniqueBucket('js-bucket');
    try {
      const created = await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      assert.equal(created.$metadata.httpStatusCode, 200);
      assert.equal(created.Location, `/${bucket}`, 'Location of a path-style CreateBucket');

      const head = await s3.send(new HeadBucketCommand({ Bucket: bucket }));
      assert.equal(head.$metadata.httpStatusCode, 200);
      assert.equal(head.BucketRegion, 'us-east-1', 'x-amz-bucket-region');

      const list = await s3.send(new ListBucketsCommand({}));
      const mine = (list.Buckets ?? []).find((b) => b.Name === bucket);
      assert.ok(mine, `ListBuckets includes ${bucket}: ${JSON.stringify(list.Buckets)}`);
      assert.ok(mine.CreationDate instanceof Date && !Number.isNaN(mine.CreationDate.getTime()),
        `CreationDate parses as a date: ${mine.CreationDate}`);
      assert.ok(Math.abs(Date.now() - mine.CreationDate.getTime()) < 10 * 60 * 1000,
        `CreationDate is now-ish: ${mine.CreationDate.toISOString()}`);
      assert.ok(list.Owner && list.Owner.ID, `ListBuckets has an Owner ID: ${JSON.stringify(list.Owner)}`);

      const deleted = await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      assert.equal(deleted.$metadata.httpStatusCode, 204);
      await expectS3Error(s3.send(new HeadBucketCommand({ Bucket: bucket })), { status: 404, code: 'NotFound' });
    } finally {
      await deleteBucketQuietly(s3, bucket);
      s3.destroy();
    }
  });

  test('DeleteBucket of a bucket with objects is BucketNotEmpty; a missing bucket is NoSuchBucket', async () => {
    const s3 = makeClient();
    const bucket = uniqueBucket('js-notempty');
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
      await expectS3Error(s3.send(new DeleteBucketCommand({ Bucket: bucket })), { status: 409, code: 'BucketNotEmpty' });
      await expectS3Error(s3.send(new ListObjectsV2Command({ Bucket: uniqueBucket('js-missing') })),
        { status: 404, code: 'NoSuchBucket' });
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket: uniqueBucket('js-missing'), Key: 'k' })),
        { status: 404, code: 'NoSuchBucket' });
    } finally {
      await deleteBucketQuietly(s3, bucket);
      s3.destroy();
    }
  });
});

describe('objects and listing', () => {
  const ctx = withBucket('js-basics');

  test('PutObject / HeadObject / GetObject keep bytes, ETag, metadata and content type', async () => {
    const key = 'dir one/a+b ünïcödé ✓ %20.bin';
    const body = patternBytes(100_000);
    const put = await ctx.s3.send(new PutObjectCommand({
      Bucket: ctx.bucket, Key: key, Body: body, ContentType: 'application/x-test',
      Metadata: { color: 'blue', 'two-words': 'a b' }, CacheControl: 'max-age=60',
    }));
    assert.equal(put.ETag, `"${md5Hex(body)}"`);

    const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }));
    assert.equal(head.ContentLength, body.length);
    assert.equal(head.ETag, `"${md5Hex(body)}"`);
    assert.equal(head.ContentType, 'application/x-test');
    assert.equal(head.CacheControl, 'max-age=60');
    assert.deepEqual(head.Metadata, { color: 'blue', 'two-words': 'a b' });
    assert.ok(head.LastModified instanceof Date, 'LastModified is a date');

    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
    assert.equal(got.ContentLength, body.length);
    assert.ok((await bodyBytes(got.Body)).equals(body), 'GetObject body equals what was put');

    const list = await ctx.s3.send(new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: 'dir one/' }));
    assert.deepEqual((list.Contents ?? []).map((o) => [o.Key, o.Size, o.ETag]), [[key, body.length, `"${md5Hex(body)}"`]]);
  });

  test('ListObjectsV2 with a delimiter groups CommonPrefixes', async () => {
    const base = uniqueKey('delim');
    const keys = ['a/1', 'a/2', 'a/b/3', 'b/1', 'c', 'd'].map((k) => `${base}/${k}`);
    for (const key of keys) await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: key }));

    const top = await ctx.s3.send(new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: `${base}/`, Delimiter: '/' }));
    assert.deepEqual((top.Contents ?? []).map((o) => o.Key), [`${base}/c`, `${base}/d`]);
    assert.deepEqual((top.CommonPrefixes ?? []).map((p) => p.Prefix), [`${base}/a/`, `${base}/b/`]);
    assert.equal(top.KeyCount, 4, 'KeyCount counts keys and common prefixes');
    assert.equal(top.IsTruncated, false);
    assert.equal(top.Delimiter, '/');
    assert.equal(top.Prefix, `${base}/`);

    const inner = await ctx.s3.send(new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: `${base}/a/`, Delimiter: '/' }));
    assert.deepEqual((inner.Contents ?? []).map((o) => o.Key), [`${base}/a/1`, `${base}/a/2`]);
    assert.deepEqual((inner.CommonPrefixes ?? []).map((p) => p.Prefix), [`${base}/a/b/`]);

    const paged = await ctx.s3.send(new ListObjectsV2Command({
      Bucket: ctx.bucket, Prefix: `${base}/`, Delimiter: '/', MaxKeys: 3,
    }));
    assert.equal(paged.IsTruncated, true, 'MaxKeys 3 of 4 entries is truncated');
    assert.equal(paged.KeyCount, 3);
    assert.ok(paged.NextContinuationToken, 'a continuation token is given');
    const rest = await ctx.s3.send(new ListObjectsV2Command({
      Bucket: ctx.bucket, Prefix: `${base}/`, Delimiter: '/', MaxKeys: 3, ContinuationToken: paged.NextContinuationToken,
    }));
    const all = [...(paged.Contents ?? []).map((o) => o.Key), ...(paged.CommonPrefixes ?? []).map((p) => p.Prefix),
      ...(rest.Contents ?? []).map((o) => o.Key), ...(rest.CommonPrefixes ?? []).map((p) => p.Prefix)].sort();
    assert.deepEqual(all, [`${base}/a/`, `${base}/b/`, `${base}/c`, `${base}/d`]);
    assert.equal(rest.IsTruncated, false);
  });

  test('paginateListObjectsV2 walks every page in key order; StartAfter skips', async () => {
    const base = uniqueKey('pages');
    const keys = Array.from({ length: 11 }, (_, i) => `${base}/k${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((key) => ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'p' }))));

    const pages = [];
    for await (const page of paginateListObjectsV2({ client: ctx.s3, pageSize: 4 }, { Bucket: ctx.bucket, Prefix: `${base}/` })) {
      pages.push(page);
    }
    assert.deepEqual(pages.map((p) => (p.Contents ?? []).length), [4, 4, 3], 'pages of 4, 4 and 3');
    assert.deepEqual(pages.map((p) => Boolean(p.IsTruncated)), [true, true, false]);
    assert.deepEqual(pages.flatMap((p) => (p.Contents ?? []).map((o) => o.Key)), keys);

    const after = await ctx.s3.send(new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: `${base}/`, StartAfter: keys[8] }));
    assert.deepEqual((after.Contents ?? []).map((o) => o.Key), keys.slice(9));
  });

  test('CopyObject copies bytes and metadata, REPLACE replaces the metadata', async () => {
    const src = `${uniqueKey('copy')}/source ü+.txt`;
    const body = Buffer.from('copy me, please');
    await ctx.s3.send(new PutObjectCommand({
      Bucket: ctx.bucket, Key: src, Body: body, ContentType: 'text/plain', Metadata: { origin: 'source' },
    }));
    const copySource = `${ctx.bucket}/${src.split('/').map(encodeURIComponent).join('/')}`;

    const dst = `${src}.copy`;
    const copied = await ctx.s3.send(new CopyObjectCommand({ Bucket: ctx.bucket, Key: dst, CopySource: copySource }));
    assert.equal(copied.CopyObjectResult?.ETag, `"${md5Hex(body)}"`);
    assert.ok(copied.CopyObjectResult?.LastModified instanceof Date, 'CopyObjectResult.LastModified');
    const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: dst }));
    assert.deepEqual(head.Metadata, { origin: 'source' });
    assert.equal(head.ContentType, 'text/plain');
    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: dst }));
    assert.ok((await bodyBytes(got.Body)).equals(body));

    const replaced = `${src}.replaced`;
    await ctx.s3.send(new CopyObjectCommand({
      Bucket: ctx.bucket, Key: replaced, CopySource: copySource, MetadataDirective: 'REPLACE',
      Metadata: { origin: 'replaced' }, ContentType: 'application/json',
    }));
    const head2 = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: replaced }));
    assert.deepEqual(head2.Metadata, { origin: 'replaced' });
    assert.equal(head2.ContentType, 'application/json');

    await expectS3Error(ctx.s3.send(new CopyObjectCommand({
      Bucket: ctx.bucket, Key: `${src}.none`, CopySource: `${ctx.bucket}/${encodeURIComponent(`${src}.missing`)}`,
    })), { status: 404, code: 'NoSuchKey' });
  });

  test('DeleteObjects deletes a batch (missing keys count as deleted); Quiet lists nothing', async () => {
    const base = uniqueKey('batch');
    const keys = ['one', 'two', 'three w space'].map((k) => `${base}/${k}`);
    for (const key of keys) await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: key }));

    const res = await ctx.s3.send(new DeleteObjectsCommand({
      Bucket: ctx.bucket,
      Delete: { Objects: [...keys, `${base}/never-existed`].map((Key) => ({ Key })) },
    }));
    assert.deepEqual((res.Deleted ?? []).map((d) => d.Key).sort(), [...keys, `${base}/never-existed`].sort());
    assert.deepEqual(res.Errors ?? [], []);
    const left = await ctx.s3.send(new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: `${base}/` }));
    assert.equal(left.KeyCount, 0);
    assert.deepEqual(left.Contents ?? [], []);

    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: `${base}/quiet`, Body: 'q' }));
    const quiet = await ctx.s3.send(new DeleteObjectsCommand({
      Bucket: ctx.bucket, Delete: { Objects: [{ Key: `${base}/quiet` }], Quiet: true },
    }));
    assert.deepEqual(quiet.Deleted ?? [], [], 'Quiet mode reports no deleted keys');
    await expectS3Error(ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: `${base}/quiet` })),
      { status: 404, code: 'NotFound' });
  });

  test('GetObject with Range returns 206 and exactly those bytes', async () => {
    const key = uniqueKey('range');
    const body = patternBytes(1000);
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: body }));

    const mid = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, Range: 'bytes=10-19' }));
    assert.equal(mid.$metadata.httpStatusCode, 206);
    assert.equal(mid.ContentRange, 'bytes 10-19/1000');
    assert.equal(mid.ContentLength, 10);
    assert.ok((await bodyBytes(mid.Body)).equals(body.subarray(10, 20)), 'bytes 10-19');

    const suffix = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, Range: 'bytes=-5' }));
    assert.equal(suffix.ContentRange, 'bytes 995-999/1000');
    assert.ok((await bodyBytes(suffix.Body)).equals(body.subarray(995)), 'last 5 bytes');

    const open = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, Range: 'bytes=990-' }));
    assert.equal(open.ContentRange, 'bytes 990-999/1000');
    assert.ok((await bodyBytes(open.Body)).equals(body.subarray(990)), 'bytes 990-');

    await expectS3Error(ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, Range: 'bytes=1000-' })),
      { status: 416, code: 'InvalidRange' });
  });

  test('HeadObject on a missing key is 404 NotFound, GetObject is 404 NoSuchKey', async () => {
    const key = uniqueKey('missing');
    await expectS3Error(ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key })), { status: 404, code: 'NotFound' });
    const err = await expectS3Error(ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key })),
      { status: 404, code: 'NoSuchKey' });
    assert.equal(err.Key, key, 'the NoSuchKey error names the key');

    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'now here' }));
    const deleted = await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.bucket, Key: key }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await expectS3Error(ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key })), { status: 404, code: 'NoSuchKey' });
    const again = await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.bucket, Key: key }));
    assert.equal(again.$metadata.httpStatusCode, 204, 'deleting a missing key is 204 too');
  });
});
