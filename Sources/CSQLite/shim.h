#include <sqlite3.h>

/// Turns off SQLite's memory statistics before the library is initialized: they take a process-wide
/// mutex around every allocation, which two connections on two threads (ingest, reports) contend for.
/// sqlite3_config is variadic, so Swift cannot call it directly.
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
