// What SQLite alone needs to store rows in StatusBatch's job table: the same 13 values `JobStore.insert` binds,
// in batches of 5,000 (one transaction each) with the WAL at synchronous NORMAL and SQLite's memory statistics
// off, as an ingest does, then the sendable index, then closing (which checkpoints the WAL). No parsing, no
// validation, one thread. Built and run by Benchmarks/ingest_floor.sh, which gives it a job database's schema
// (without the index) and the index's own statement; an empty index file skips the index.
//
//   ingest_floor SCHEMA.sql INDEX.sql DB ROWS
//   prints: seconds of the inserts, of the index, and from opening to closing the database
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        fprintf(stderr, "ingest_floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        exit(1);
    }
}

/// Reads a whole (small) file into `buffer`; refuses one that does not fit.
static void read_file(const char *path, char *buffer, size_t size) {
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); exit(1); }
    size_t count = fread(buffer, 1, size, file);
    fclose(file);
    if (count == size) { fprintf(stderr, "ingest_floor: %s is larger than %zu bytes\n", path, size - 1); exit(1); }
    buffer[count] = 0;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: ingest_floor SCHEMA.sql INDEX.sql DB ROWS\n"); return 2; }
    static char schema[1 << 16], index_sql[1 << 12];
    read_file(argv[1], schema, sizeof schema);
    read_file(argv[2], index_sql, sizeof index_sql);
    int rows = atoi(argv[4]), batch = 5000;
    check(sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0), NULL, "memory statistics");
    double opened = now();
    sqlite3 *db;
    check(sqlite3_open(argv[3], &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", 0, 0, 0), db, "pragmas");
    check(sqlite3_exec(db, schema, 0, 0, 0), db, "schema");
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db,
        "INSERT INTO rows(id, line, state, customer_key, identifier_name, identifier_value, label, reason, source, "
        "account_id, created_on, raw, reject_reason) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert, 0),
        db, "prepare");
    char key[64], value[32], raw[96];
    double start = now();
    for (int i = 0; i < rows; i++) {
        if (i % batch == 0) check(sqlite3_exec(db, "BEGIN", 0, 0, 0), db, "begin");
        snprintf(value, sizeof value, "91%010d7", i);
        snprintf(key, sizeof key, "mobile\x1f%s", value);
        snprintf(raw, sizeof raw, "%s,Gold,benchmark run", value);
        sqlite3_bind_int64(insert, 1, i + 1);
        sqlite3_bind_int64(insert, 2, i + 2);
        sqlite3_bind_text(insert, 3, "pending", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 4, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 5, "mobile", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 6, value, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 7, "Gold", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 8, "benchmark run", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 9, "INSTORE", -1, SQLITE_STATIC);
        sqlite3_bind_null(insert, 10);
        sqlite3_bind_null(insert, 11);
        sqlite3_bind_text(insert, 12, raw, -1, SQLITE_STATIC);
        sqlite3_bind_null(insert, 13);
        check(sqlite3_step(insert), db, "insert");
        sqlite3_reset(insert);
        if (i % batch == batch - 1 || i == rows - 1) check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
    }
    double inserted = now();
    check(sqlite3_exec(db, index_sql, 0, 0, 0), db, "index");
    double indexed = now();
    check(sqlite3_finalize(insert), db, "finalize");
    check(sqlite3_close(db), NULL, "close");
    printf("%.2f %.2f %.2f\n", inserted - start, indexed - inserted, now() - opened);
    return 0;
}
