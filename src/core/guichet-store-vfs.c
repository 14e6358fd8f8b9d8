/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

/* sync_file_range() */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guichet-store-private.h"

/* The writer's files made durable a piece at a time while a door checks
 * people in.
 *
 * A door's check-in is durable when its fdatasync() returns, and on a disk
 * without FUA (a virtual disk, most SSDs behind a write cache) that is a
 * flush of everything the disk was handed before it. A checkpoint copies
 * up to tens of MiB of pages into the database file, then syncs it: the
 * kernel hands the disk all of it at once, and a door's fsync that comes
 * meanwhile waits for all of it (15-35 ms a sync of the database file
 * while a sync wrote 100,000 participants; the door's p99 was 5-8 ms
 * against 0.6 idle, build-aux/bench-door). So while a door is at work
 * (its beacon, _guichet_store_door_active()), the writer's sync of a file
 * first writes back the pages written since its last sync, WRITEBACK_CHUNK
 * at a time, each waited for, then syncs as SQLite would: as durable as
 * before, and the door waits for one piece at most.
 *
 * Each piece is also flushed from the disk's write cache, by an
 * fdatasync() of a file with nothing to write (the beacon): written back
 * but not flushed, the pieces pile up in the cache of a virtual disk,
 * and the door's flush is theirs too (a 4 KiB fdatasync() while another
 * process writes 256 KiB pieces, each waited for, on this project's
 * 2-core VM: p50/p99 2.5/3.9 ms; with a flush after each piece 0.4/0.8
 * ms; without the other process 0.2/0.3). The fdatasync() of the file
 * itself would write back all of its dirty pages at once.
 *
 * Without a door, as before: a piece at a time costs a sync of 1,000,000
 * participants a sixth of its speed.
 *
 * A VFS over the default one ("unix") that changes nothing else: its
 * files are the default VFS's, wrapped (PacedFile, then the default
 * VFS's file). Only the writer's connection opens through it. */

#define PACED_VFS_NAME "guichet-paced"

/* The check-in journal's write-ahead log, laid out ahead of its frames.
 *
 * A commit that makes a file longer is durable only once the file
 * system has committed the new size and blocks too: on ext4, the
 * fdatasync() that ends each check-in then also writes the file
 * system's journal, and waits for whatever else its transaction holds
 * (the sync's writes, in data=ordered). Overwriting blocks the file
 * already has needs none of that: a fdatasync() writes the pages and
 * flushes the disk's cache, no more (bench-door at 100,000, alternated
 * runs: the idle door's p50 0.20-0.21 ms before, 0.12-0.16 after, below
 * the bare synchronous=FULL insert's; while a sync writes, unchanged,
 * near the bare fdatasync()'s at the same time).
 *
 * So the journal's connection opens through a second VFS
 * ("guichet-journal") whose log files are written JOURNAL_LOG_CHUNK of
 * zeros ahead of the frames: a check-in lengthens the file once a
 * JOURNAL_LOG_CHUNK, not at every commit. Zeros are no frame: SQLite
 * reads a log up to its first frame that fails its checksum. And the
 * log, emptied by a checkpoint (SQLITE_CHECKPOINT_TRUNCATE at a clean
 * exit), keeps its blocks: the truncation writes zeros over the log's
 * header instead (a log without its header is empty to SQLite), and
 * the next session writes over the old frames. */
#define JOURNAL_VFS_NAME "guichet-journal"
#define JOURNAL_LOG_CHUNK (1024 * 1024)
/* A log's header, before its first frame */
#define WAL_HEADER_SIZE 32

typedef struct
{
  sqlite3_file base;
  int          fd;          /* the default VFS's descriptor of the file, or -1 */
  char        *door_beacon; /* _guichet_store_door_beacon_for() the database */
  GArray      *dirty;       /* guint32 bytes written per WRITEBACK_CHUNK since the last sync */
  gint64       laid_out; /* a journal's log: bytes it has for sure (zeros past the frames), or -1 */
} PacedFile;

#define REAL_FILE(file) ((sqlite3_file *) (((PacedFile *) (file)) + 1))

/* The start of a file of SQLite's "unix" VFS (struct unixFile of
 * os_unix.c, the same since SQLite 3.7): its descriptor is the fourth
 * member. Trusted only when it is the file opened (paced_find_fd()). */
typedef struct
{
  const sqlite3_io_methods *methods;
  sqlite3_vfs              *vfs;
  void                     *inode;
  int                       h;
} UnixFileHead;

static int
paced_find_fd (sqlite3_file *real,
               const char   *path)
{
  int         fd = ((UnixFileHead *) real)->h;
  struct stat opened;
  struct stat named;

  if (fd < 0 || fstat (fd, &opened) != 0 || stat (path, &named) != 0 || !S_ISREG (opened.st_mode) ||
      opened.st_dev != named.st_dev || opened.st_ino != named.st_ino)
    return -1;
  return fd;
}

char *
_guichet_store_door_beacon_for (const char *path)
{
  g_autofree char *journal = _guichet_store_journal_path_for (path);

  return g_strconcat (journal, "-door", NULL);
}

void
_guichet_store_touch_door_beacon (const char *beacon)
{
  if (utimensat (AT_FDCWD, beacon, NULL, 0) != 0 && errno == ENOENT)
    {
      int fd = open (beacon, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

      if (fd >= 0)
        close (fd);
    }
}

gboolean
_guichet_store_door_active (const char *beacon)
{
  struct stat st;

  /* Either way: a clock set back leaves a beacon in the future */
  return beacon != NULL && stat (beacon, &st) == 0 &&
         ABS (g_get_real_time () / G_USEC_PER_SEC - (gint64) st.st_mtime) < DOOR_ACTIVE_SECONDS;
}

/* What the writers' syncs wrote back a piece at a time, and the
 * flushes: for the tests */
static GMutex  paced_bytes_lock;
static guint64 paced_bytes;
static guint64 paced_flushes;

static guint64
read_counter (const guint64 *counter)
{
  guint64 value;

  g_mutex_lock (&paced_bytes_lock);
  value = *counter;
  g_mutex_unlock (&paced_bytes_lock);
  return value;
}

guint64
_guichet_store_paced_bytes (void)
{
  return read_counter (&paced_bytes);
}

guint64
_guichet_store_paced_flushes (void)
{
  return read_counter (&paced_flushes);
}

/* Empties the disk's write cache without writing a file's pages: an
 * fdatasync() of @flush_fd, a file with nothing to write (the door's
 * beacon). Nothing with -1. */
static void
flush_disk (int flush_fd)
{
  if (flush_fd < 0)
    return;
  fdatasync (flush_fd);
  g_mutex_lock (&paced_bytes_lock);
  paced_flushes++;
  g_mutex_unlock (&paced_bytes_lock);
}

void
_guichet_store_write_back (int     fd,
                           guint64 start,
                           guint64 end,
                           int     flush_fd)
{
#if HAVE_SYNC_FILE_RANGE
  for (guint64 offset = start; offset < end; offset += WRITEBACK_CHUNK)
    {
      /* Only a hint: it does nothing on a file system without it. */
      sync_file_range (fd, (off64_t) offset, (off64_t) MIN (WRITEBACK_CHUNK, end - offset),
                       SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                         SYNC_FILE_RANGE_WAIT_AFTER);
      flush_disk (flush_fd);
    }
#endif
}

/* Writes back what was written to @self since its last sync: the pieces
 * with writes in them, in the file's order, waited for and flushed about
 * every WRITEBACK_CHUNK of writes. */
static void
paced_write_back_dirty (PacedFile *self)
{
#if HAVE_SYNC_FILE_RANGE
  int     flush_fd = open (self->door_beacon, O_RDONLY | O_CLOEXEC);
  guint64 start = 0; /* of the pieces handed to the disk, not waited for yet */
  guint64 end = 0;
  guint64 pending = 0;
  guint64 total = 0;

  for (guint i = 0; i <= self->dirty->len; i++)
    {
      guint32 bytes = i < self->dirty->len ? g_array_index (self->dirty, guint32, i) : 0;
      guint64 offset = (guint64) i * WRITEBACK_CHUNK;

      if (bytes > 0)
        {
          if (pending == 0)
            start = offset;
          sync_file_range (self->fd, (off64_t) offset, WRITEBACK_CHUNK, SYNC_FILE_RANGE_WRITE);
          end = offset + WRITEBACK_CHUNK;
          pending += bytes;
          total += bytes;
        }
      /* Enough handed to the disk, or the end: waited for, flushed */
      if (pending > 0 && (pending >= WRITEBACK_CHUNK || i == self->dirty->len))
        {
          sync_file_range (self->fd, (off64_t) start, (off64_t) (end - start),
                           SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WAIT_AFTER);
          flush_disk (flush_fd);
          pending = 0;
        }
    }
  if (flush_fd >= 0)
    close (flush_fd);

  g_mutex_lock (&paced_bytes_lock);
  paced_bytes += total;
  g_mutex_unlock (&paced_bytes_lock);
#endif
}

static int
paced_sync (sqlite3_file *file,
            int           flags)
{
  PacedFile *self = (PacedFile *) file;

  if (self->dirty != NULL && self->dirty->len > 0)
    {
      if (_guichet_store_door_active (self->door_beacon))
        paced_write_back_dirty (self);
      g_array_set_size (self->dirty, 0);
    }
  return REAL_FILE (file)->pMethods->xSync (REAL_FILE (file), flags);
}

static int
paced_close (sqlite3_file *file)
{
  ((PacedFile *) file)->fd = -1;
  g_clear_pointer (&((PacedFile *) file)->door_beacon, g_free);
  g_clear_pointer (&((PacedFile *) file)->dirty, g_array_unref);
  return REAL_FILE (file)->pMethods->xClose (REAL_FILE (file));
}

static int
paced_read (sqlite3_file *file,
            void         *buffer,
            int           amount,
            sqlite3_int64 offset)
{
  return REAL_FILE (file)->pMethods->xRead (REAL_FILE (file), buffer, amount, offset);
}

/* Writes zeros from the end of the journal's log to the JOURNAL_LOG_CHUNK
 * past @end. SQLite writes a log only under its write lock, so no frame
 * is written there meanwhile, and it never reads a frame past the last
 * one it wrote. Any failure (a full disk) is left to the frames' own write. */
static void
journal_lay_out (PacedFile    *self,
                 sqlite3_int64 end)
{
  static const char zeros[64 * 1024];
  struct stat       st;
  gint64            target;

  if (fstat (self->fd, &st) != 0)
    return;
  self->laid_out = st.st_size;
  if (end <= self->laid_out)
    return;

  target = (end / JOURNAL_LOG_CHUNK + 1) * JOURNAL_LOG_CHUNK;
  while (self->laid_out < target)
    {
      ssize_t written =
        pwrite (self->fd, zeros, (size_t) MIN ((gint64) sizeof zeros, target - self->laid_out),
                (off_t) self->laid_out);

      if (written <= 0)
        return;
      self->laid_out += written;
    }
}

static int
paced_write (sqlite3_file *file,
             const void   *buffer,
             int           amount,
             sqlite3_int64 offset)
{
  PacedFile *self = (PacedFile *) file;

  if (self->laid_out >= 0 && offset + amount > self->laid_out)
    journal_lay_out (self, offset + amount);

  if (self->dirty != NULL && offset >= 0 && amount > 0)
    {
      guint first = (guint) (offset / WRITEBACK_CHUNK);
      guint last = (guint) ((offset + amount - 1) / WRITEBACK_CHUNK);

      if (last >= self->dirty->len)
        g_array_set_size (self->dirty, last + 1);
      for (guint i = first; i <= last; i++)
        {
          sqlite3_int64 from = MAX (offset, (sqlite3_int64) i * WRITEBACK_CHUNK);
          sqlite3_int64 to = MIN (offset + amount, (sqlite3_int64) (i + 1) * WRITEBACK_CHUNK);

          g_array_index (self->dirty, guint32, i) += (guint32) (to - from);
        }
    }
  return REAL_FILE (file)->pMethods->xWrite (REAL_FILE (file), buffer, amount, offset);
}

static int
paced_truncate (sqlite3_file *file,
                sqlite3_int64 size)
{
  PacedFile *self = (PacedFile *) file;

  /* The journal's log, emptied: its header wiped, its blocks kept */
  if (self->laid_out >= 0 && size == 0)
    {
      static const char zeros[WAL_HEADER_SIZE];

      return REAL_FILE (file)->pMethods->xWrite (REAL_FILE (file), zeros, sizeof zeros, 0);
    }
  return REAL_FILE (file)->pMethods->xTruncate (REAL_FILE (file), size);
}

static int
paced_file_size (sqlite3_file  *file,
                 sqlite3_int64 *size)
{
  return REAL_FILE (file)->pMethods->xFileSize (REAL_FILE (file), size);
}

static int
paced_lock (sqlite3_file *file,
            int           lock)
{
  return REAL_FILE (file)->pMethods->xLock (REAL_FILE (file), lock);
}

static int
paced_unlock (sqlite3_file *file,
              int           lock)
{
  return REAL_FILE (file)->pMethods->xUnlock (REAL_FILE (file), lock);
}

static int
paced_check_reserved_lock (sqlite3_file *file,
                           int          *reserved)
{
  return REAL_FILE (file)->pMethods->xCheckReservedLock (REAL_FILE (file), reserved);
}

static int
paced_file_control (sqlite3_file *file,
                    int           op,
                    void         *arg)
{
  return REAL_FILE (file)->pMethods->xFileControl (REAL_FILE (file), op, arg);
}

static int
paced_sector_size (sqlite3_file *file)
{
  return REAL_FILE (file)->pMethods->xSectorSize (REAL_FILE (file));
}

static int
paced_device_characteristics (sqlite3_file *file)
{
  return REAL_FILE (file)->pMethods->xDeviceCharacteristics (REAL_FILE (file));
}

static int
paced_shm_map (sqlite3_file   *file,
               int             region,
               int             size,
               int             extend,
               void volatile **memory)
{
  return REAL_FILE (file)->pMethods->xShmMap (REAL_FILE (file), region, size, extend, memory);
}

static int
paced_shm_lock (sqlite3_file *file,
                int           offset,
                int           n,
                int           flags)
{
  return REAL_FILE (file)->pMethods->xShmLock (REAL_FILE (file), offset, n, flags);
}

static void
paced_shm_barrier (sqlite3_file *file)
{
  REAL_FILE (file)->pMethods->xShmBarrier (REAL_FILE (file));
}

static int
paced_shm_unmap (sqlite3_file *file,
                 int           delete_flag)
{
  return REAL_FILE (file)->pMethods->xShmUnmap (REAL_FILE (file), delete_flag);
}

static int
paced_fetch (sqlite3_file *file,
             sqlite3_int64 offset,
             int           amount,
             void        **page)
{
  return REAL_FILE (file)->pMethods->xFetch (REAL_FILE (file), offset, amount, page);
}

static int
paced_unfetch (sqlite3_file *file,
               sqlite3_int64 offset,
               void         *page)
{
  return REAL_FILE (file)->pMethods->xUnfetch (REAL_FILE (file), offset, page);
}

/* One table per version of the default VFS's methods (1 to 3): SQLite
 * calls a method of a later version only when iVersion says it is there. */
static sqlite3_io_methods paced_methods[3];

static int
wrapped_open (sqlite3_vfs  *vfs,
              const char   *name,
              sqlite3_file *file,
              int           flags,
              int          *out_flags)
{
  sqlite3_vfs  *root = vfs->pAppData;
  PacedFile    *self = (PacedFile *) file;
  sqlite3_file *real = REAL_FILE (file);
  int           rc;

  self->base.pMethods = NULL;
  self->fd = -1;
  self->door_beacon = NULL;
  self->dirty = NULL;
  self->laid_out = -1;
  rc = root->xOpen (root, name, real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      if (real->pMethods != NULL)
        real->pMethods->xClose (real);
      return rc;
    }
  self->base.pMethods = &paced_methods[CLAMP (real->pMethods->iVersion, 1, 3) - 1];
  return SQLITE_OK;
}

static int
journal_open (sqlite3_vfs  *vfs,
              const char   *name,
              sqlite3_file *file,
              int           flags,
              int          *out_flags)
{
  PacedFile *self = (PacedFile *) file;
  int        rc = wrapped_open (vfs, name, file, flags, out_flags);

  if (rc == SQLITE_OK && name != NULL && (flags & SQLITE_OPEN_WAL) != 0)
    {
      self->fd = paced_find_fd (REAL_FILE (file), name);
      if (self->fd >= 0)
        self->laid_out = 0;
    }
  return rc;
}

static int
paced_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *file,
            int           flags,
            int          *out_flags)
{
  PacedFile *self = (PacedFile *) file;
  int        rc = wrapped_open (vfs, name, file, flags, out_flags);

  if (rc == SQLITE_OK && name != NULL && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0)
    {
      g_autofree char *database = (flags & SQLITE_OPEN_WAL) != 0 && g_str_has_suffix (name, "-wal")
                                    ? g_strndup (name, strlen (name) - strlen ("-wal"))
                                    : g_strdup (name);

      self->fd = paced_find_fd (REAL_FILE (file), name);
      self->door_beacon = _guichet_store_door_beacon_for (database);
      if (self->fd >= 0)
        self->dirty = g_array_new (FALSE, TRUE, sizeof (guint32));
    }
  return rc;
}

static int
paced_delete (sqlite3_vfs *vfs,
              const char  *name,
              int          sync_dir)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xDelete (root, name, sync_dir);
}

static int
paced_access (sqlite3_vfs *vfs,
              const char  *name,
              int          flags,
              int         *result)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xAccess (root, name, flags, result);
}

static int
paced_full_pathname (sqlite3_vfs *vfs,
                     const char  *name,
                     int          size,
                     char        *out)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xFullPathname (root, name, size, out);
}

static void *
paced_dl_open (sqlite3_vfs *vfs,
               const char  *name)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xDlOpen (root, name);
}

static void
paced_dl_error (sqlite3_vfs *vfs,
                int          size,
                char        *message)
{
  sqlite3_vfs *root = vfs->pAppData;

  root->xDlError (root, size, message);
}

static void (*paced_dl_sym (sqlite3_vfs *vfs,
                            void        *handle,
                            const char  *symbol)) (void)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xDlSym (root, handle, symbol);
}

static void
paced_dl_close (sqlite3_vfs *vfs,
                void        *handle)
{
  sqlite3_vfs *root = vfs->pAppData;

  root->xDlClose (root, handle);
}

static int
paced_randomness (sqlite3_vfs *vfs,
                  int          size,
                  char        *out)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xRandomness (root, size, out);
}

static int
paced_sleep (sqlite3_vfs *vfs,
             int          microseconds)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xSleep (root, microseconds);
}

static int
paced_current_time (sqlite3_vfs *vfs,
                    double      *now)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xCurrentTime (root, now);
}

static int
paced_get_last_error (sqlite3_vfs *vfs,
                      int          size,
                      char        *out)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xGetLastError (root, size, out);
}

static int
paced_current_time_int64 (sqlite3_vfs   *vfs,
                          sqlite3_int64 *now)
{
  sqlite3_vfs *root = vfs->pAppData;

  return root->xCurrentTimeInt64 (root, now);
}

static void
fill_vfs (sqlite3_vfs *vfs,
          sqlite3_vfs *root,
          const char  *name,
          int (*open) (sqlite3_vfs *,
                       const char *,
                       sqlite3_file *,
                       int,
                       int *))
{
  vfs->iVersion = 2;
  vfs->szOsFile = (int) sizeof (PacedFile) + root->szOsFile;
  vfs->mxPathname = root->mxPathname;
  vfs->zName = name;
  vfs->pAppData = root;
  vfs->xOpen = open;
  vfs->xDelete = paced_delete;
  vfs->xAccess = paced_access;
  vfs->xFullPathname = paced_full_pathname;
  vfs->xDlOpen = paced_dl_open;
  vfs->xDlError = paced_dl_error;
  vfs->xDlSym = paced_dl_sym;
  vfs->xDlClose = paced_dl_close;
  vfs->xRandomness = paced_randomness;
  vfs->xSleep = paced_sleep;
  vfs->xCurrentTime = paced_current_time;
  vfs->xGetLastError = paced_get_last_error;
  vfs->xCurrentTimeInt64 = paced_current_time_int64;
}

/* Both VFSs, over SQLite's "unix" one; their names, NULL where there is none */
typedef struct
{
  const char *paced;
  const char *journal;
} VfsNames;

static gpointer
register_vfs (gpointer data)
{
  static sqlite3_vfs paced_vfs;
  static sqlite3_vfs journal_vfs;
  static VfsNames    names;
  sqlite3_vfs       *root = sqlite3_vfs_find (NULL);

  if (root == NULL || root->iVersion < 2 || g_strcmp0 (root->zName, "unix") != 0)
    return &names;

  for (int i = 0; i < 3; i++)
    {
      sqlite3_io_methods *methods = &paced_methods[i];

      methods->iVersion = i + 1;
      methods->xClose = paced_close;
      methods->xRead = paced_read;
      methods->xWrite = paced_write;
      methods->xTruncate = paced_truncate;
      methods->xSync = paced_sync;
      methods->xFileSize = paced_file_size;
      methods->xLock = paced_lock;
      methods->xUnlock = paced_unlock;
      methods->xCheckReservedLock = paced_check_reserved_lock;
      methods->xFileControl = paced_file_control;
      methods->xSectorSize = paced_sector_size;
      methods->xDeviceCharacteristics = paced_device_characteristics;
      if (i >= 1)
        {
          methods->xShmMap = paced_shm_map;
          methods->xShmLock = paced_shm_lock;
          methods->xShmBarrier = paced_shm_barrier;
          methods->xShmUnmap = paced_shm_unmap;
        }
      if (i >= 2)
        {
          methods->xFetch = paced_fetch;
          methods->xUnfetch = paced_unfetch;
        }
    }

  /* Without sync_file_range() there is nothing to pace. */
  fill_vfs (&paced_vfs, root, PACED_VFS_NAME, paced_open);
  if (HAVE_SYNC_FILE_RANGE && sqlite3_vfs_register (&paced_vfs, 0) == SQLITE_OK)
    names.paced = PACED_VFS_NAME;
  fill_vfs (&journal_vfs, root, JOURNAL_VFS_NAME, journal_open);
  if (sqlite3_vfs_register (&journal_vfs, 0) == SQLITE_OK)
    names.journal = JOURNAL_VFS_NAME;
  return &names;
}

static const VfsNames *
get_vfs_names (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, register_vfs, NULL);
}

/* The name of the VFS the writer opens the store with, or NULL for the
 * default one (a system without sync_file_range()). */
const char *
_guichet_store_paced_vfs (void)
{
  return get_vfs_names ()->paced;
}

const char *
_guichet_store_journal_vfs (void)
{
  return get_vfs_names ()->journal;
}
