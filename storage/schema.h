// The metadata schema as numbered migrations, applied in order at start-up (PRAGMA user_version).
#pragma once

#include <array>
#include <cstddef>

namespace s3emu::storage {

// Keys compare with BINARY collation, which is UTF-8 byte order: S3's listing order.
inline constexpr std::array<const char*, 4> schema_migrations = {
    R"sql(
    CREATE TABLE buckets (
        name       TEXT PRIMARY KEY,
        region     TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE objects (
        bucket           TEXT NOT NULL,
        key              TEXT NOT NULL,
        blob_id          TEXT NOT NULL,
        size             INTEGER NOT NULL,
        etag             TEXT NOT NULL,
        last_modified_ms INTEGER NOT NULL,
        headers          TEXT NOT NULL,  -- JSON array of [name, value]
        checksum_algorithm TEXT NOT NULL,
        checksum_value     TEXT NOT NULL,
        checksum_type      TEXT NOT NULL,
        segments           TEXT,  -- multipart: JSON array of [blob_id, size]; blob_id is then ''
        tags               TEXT NOT NULL,  -- JSON array of [key, value]
        PRIMARY KEY (bucket, key)
    ) WITHOUT ROWID;
    CREATE TABLE uploads (
        upload_id          TEXT PRIMARY KEY,
        bucket             TEXT NOT NULL,
        key                TEXT NOT NULL,
        initiated_ms       INTEGER NOT NULL,
        headers            TEXT NOT NULL,
        checksum_algorithm TEXT NOT NULL,
        checksum_type      TEXT NOT NULL,
        tags               TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX uploads_by_key ON uploads (bucket, key, upload_id);
    CREATE TABLE parts (
        upload_id        TEXT NOT NULL,
        part_number      INTEGER NOT NULL,
        blob_id          TEXT NOT NULL,
        size             INTEGER NOT NULL,
        etag             TEXT NOT NULL,
        checksum         TEXT NOT NULL,
        checksum_algorithm TEXT NOT NULL,
        last_modified_ms INTEGER NOT NULL,
        PRIMARY KEY (upload_id, part_number)
    ) WITHOUT ROWID;
    )sql",
    // Small objects' bytes, kept in the database (see SqliteStore::put_object); their blob ids
    // begin with 's', which no file blob id (hex) does.
    R"sql(
    CREATE TABLE small_blobs (
        blob_id TEXT PRIMARY KEY,
        data    BLOB NOT NULL
    );
    )sql",
    // Keys alone, for a delimiter listing's seek past each common prefix (SqliteStore::list_objects).
    // Every cell of the WITHOUT ROWID objects table, interior ones too, holds a whole row: at a
    // million keys that tree is 5 levels of about 20 cells a page, where this one is 3 levels of
    // over 100, so a seek touches fewer and warmer pages. Creating it on an existing store reads
    // the table once (about 2 s at a million keys).
    R"sql(
    CREATE INDEX objects_by_key ON objects (bucket, key);
    )sql",
    // The '/' directories of the keys, counted (storage/key_dirs.h). The store fills it from the
    // objects table when it applies this migration (about 5 s at a million keys).
    // key_dirs_uncounted: the triggers count every insert and delete of an object row, and the
    // store takes each of its own back as it counts the key. An s3emu from before this
    // migration, run on this data dir, runs the triggers but not the counting, and leaves a
    // non-zero number: the next start counts again.
    R"sql(
    CREATE TABLE key_dirs (
        bucket TEXT NOT NULL,
        parent TEXT NOT NULL,
        name   TEXT NOT NULL,
        keys   INTEGER NOT NULL,
        PRIMARY KEY (bucket, parent, name)
    ) WITHOUT ROWID;
    CREATE TABLE key_dirs_uncounted (
        id     INTEGER PRIMARY KEY CHECK (id = 1),
        writes INTEGER NOT NULL
    );
    INSERT INTO key_dirs_uncounted VALUES (1, 0);
    CREATE TRIGGER objects_insert_uncounted AFTER INSERT ON objects
        BEGIN UPDATE key_dirs_uncounted SET writes = writes + 1; END;
    CREATE TRIGGER objects_delete_uncounted AFTER DELETE ON objects
        BEGIN UPDATE key_dirs_uncounted SET writes = writes + 1; END;
    )sql",
};

// The migration that created key_dirs, counted from 1 as PRAGMA user_version counts.
inline constexpr std::size_t key_dirs_migration = 4;

}  // namespace s3emu::storage
