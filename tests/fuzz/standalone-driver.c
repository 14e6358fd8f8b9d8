/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small stand-in for libFuzzer, for compilers without it (gcc): runs a
 * harness's LLVMFuzzerTestOneInput() on every file of a seed corpus, then
 * on deterministic pseudo-random mutations of those files (bit flips,
 * interesting bytes, truncations, deletions, duplications, splices,
 * insertions of JSON tokens, JSON values replaced by others).
 *
 *   HARNESS [-runs=N] [-max_total_time=SECONDS] [-seed=N] [-max_len=BYTES]
 *           [-artifact_prefix=PATH] FILE_OR_DIRECTORY...
 *
 * -runs bounds the mutations (default 0: the corpus only, which also
 * replays a crash file; divided by GUICHET_FUZZ_RUNS_DIVISOR when set); -max_total_time bounds them
 * by time instead (the test suite uses -runs: a count, never a clock). The same seed and runs give
 * the same inputs. Before each input the driver keeps it where a crash handler can write it
 * (-artifact_prefix, default "crash-"), so a crash leaves the input that caused it; replay it with
 * the file alone. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "fuzz-common.h"

/* Under ASan the crash report ends the process without SIGABRT/SIGSEGV
 * reaching our handler: its death callback saves the input instead. */
extern void __sanitizer_set_death_callback (void (*callback) (void)) __attribute__ ((weak));

static const uint8_t *current_data;
static size_t         current_size;
static char           artifact_path[4096];
static guint64        current_run;

static const char * const json_tokens[] = {
  "\"",
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  "\\",
  "null",
  "true",
  "false",
  "0",
  "-1",
  "-0",
  "1e999",
  "-1e999",
  "1.5e-400",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775809",
  "18446744073709551616",
  "4294967296",
  "0.1",
  "NaN",
  "\"\"",
  "\"\\u0000\"",
  "\"\\ud800\"",
  "\"\\udc00\\ud800\"",
  "\"\\u00e9\"",
  "\"\\\\u00e9\"",
  "\"\\'\"",
  "\"\\#\"",
  "{}",
  "[]",
  "[[[[[[[[",
  "{\"\":{\"\":{",
  "\"\xff\xfe\"",
  "\"\xc3\"",
  "\"\xf0\x9f\x8e\x9f\"",
  "\"\x1b[31m\"",
  "\"2026-13-45 25:61:61\"",
  "\"0000-00-00 00:00:00\"",
  "\"2026-02-29T24:00:00Z\"",
  "\"9999-12-31T23:59:59+14:00\"",
  "\"-1\"",
  "\"1e400\"",
  "\"100 USD\"",
  "\"abc\"",
  "\"id\"",
  "\"data\"",
  "\"success\"",
  "\"error\"",
  "\"results\"",
  "\"participants\"",
  "\"barcode\"",
  "\"next\"",
  "\"links\"",
  "\"tickets\"",
};

static void
save_artifact (void)
{
  int fd;

  if (current_data == NULL || artifact_path[0] == '\0')
    return;
  fd = open (artifact_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0)
    {
      size_t done = 0;

      while (done < current_size)
        {
          ssize_t n = write (fd, current_data + done, current_size - done);

          if (n <= 0)
            break;
          done += n;
        }
      close (fd);
      (void) !write (STDERR_FILENO, "standalone-driver: the input is in ", 35);
      (void) !write (STDERR_FILENO, artifact_path, strlen (artifact_path));
      (void) !write (STDERR_FILENO, "\n", 1);
    }
}

static void
on_crash (int sig)
{
  save_artifact ();
  signal (sig, SIG_DFL);
  raise (sig);
}

/* xorshift64*: the same sequence everywhere, unlike rand() */
static guint64 rng_state;

static guint64
rng_next (void)
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}

static gsize
rng_below (gsize n)
{
  return n == 0 ? 0 : rng_next () % n;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
add_path (GPtrArray  *corpus,
          const char *path)
{
  g_autoptr (GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("standalone-driver: %s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* readdir order is the file system's: sort, for the same runs */
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        if (!g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_DIR))
          add_path (corpus, g_ptr_array_index (names, i));
    }
  else
    {
      char *contents;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &error))
        g_error ("standalone-driver: %s", error->message);
      g_ptr_array_add (corpus, g_bytes_new_take (contents, length));
    }
}

/* The end of the JSON value starting at @start (roughly: strings skipped,
 * brackets counted). */
static gsize
value_end (const GByteArray *buf,
           gsize             start)
{
  int      depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = start; i < buf->len; i++)
    {
      guint8 c = buf->data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 0)
                return i + 1;
            }
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return i;
          if (--depth == 0)
            return i + 1;
        }
      else if (c == ',' && depth == 0)
        return i;
    }
  return buf->len;
}

static void
buf_insert (GByteArray   *buf,
            gsize         at,
            const guint8 *data,
            gsize         n)
{
  gsize old = buf->len;

  g_byte_array_set_size (buf, old + n);
  memmove (buf->data + at + n, buf->data + at, old - at);
  memcpy (buf->data + at, data, n);
}

static void
mutate_once (GByteArray *buf,
             GPtrArray  *corpus,
             gsize       max_len)
{
  switch (rng_below (9))
    {
    case 0: /* flip a bit */
      if (buf->len > 0)
        buf->data[rng_below (buf->len)] ^= 1 << rng_below (8);
      break;
    case 1: /* an interesting byte */
      if (buf->len > 0)
        {
          static const guint8 bytes[] = { 0,   0xff, 0x80, 0xc0, 0x7f, '"', '\\', '{', '}',
                                          '[', ']',  ',',  ':',  '0',  '-', '\n', ' ', 0x1b };
          buf->data[rng_below (buf->len)] = bytes[rng_below (sizeof bytes)];
        }
      break;
    case 2: /* truncate */
      g_byte_array_set_size (buf, rng_below (buf->len + 1));
      break;
    case 3: /* delete a range */
      if (buf->len > 0)
        {
          gsize at = rng_below (buf->len);
          gsize n = 1 + rng_below (MIN (buf->len - at, 64));

          g_byte_array_remove_range (buf, at, n);
        }
      break;
    case 4: /* duplicate a range (a record twice, a page longer) */
      if (buf->len > 0)
        {
          gsize              at = rng_below (buf->len);
          gsize              n = 1 + rng_below (MIN (buf->len - at, 512));
          g_autofree guint8 *copy = g_memdup2 (buf->data + at, n);

          buf_insert (buf, rng_below (buf->len + 1), copy, n);
        }
      break;
    case 5: /* splice: a prefix of this, a suffix of another seed */
      {
        GBytes       *other = g_ptr_array_index (corpus, rng_below (corpus->len));
        gsize         other_len;
        const guint8 *other_data = g_bytes_get_data (other, &other_len);
        gsize         from = rng_below (other_len + 1);

        g_byte_array_set_size (buf, rng_below (buf->len + 1));
        g_byte_array_append (buf, other_data + from, other_len - from);
      }
      break;
    case 6: /* insert a JSON token */
    case 7:
      {
        const char *token = json_tokens[rng_below (G_N_ELEMENTS (json_tokens))];

        buf_insert (buf, rng_below (buf->len + 1), (const guint8 *) token, strlen (token));
      }
      break;
    default: /* replace the value of a member by a token */
      {
        const char *token = json_tokens[rng_below (G_N_ELEMENTS (json_tokens))];
        gsize       from = rng_below (buf->len + 1);
        gsize       colon = from;

        while (colon < buf->len && buf->data[colon] != ':')
          colon++;
        if (colon < buf->len)
          {
            gsize start = colon + 1;
            gsize end;

            while (start < buf->len && buf->data[start] == ' ')
              start++;
            end = value_end (buf, start);
            g_byte_array_remove_range (buf, start, end - start);
            buf_insert (buf, start, (const guint8 *) token, strlen (token));
          }
      }
      break;
    }
  if (buf->len > max_len)
    g_byte_array_set_size (buf, max_len);
}

static void
run_one (const guint8 *data,
         gsize         size)
{
  /* a copy of exactly @size bytes: ASan sees any read past the end */
  guint8 *copy = g_malloc (MAX (size, 1));

  memcpy (copy, data, size);
  current_data = copy;
  current_size = size;
  LLVMFuzzerTestOneInput (copy, size);
  current_data = NULL;
  g_free (copy);
  current_run++;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint64          runs = 0, seed = 1;
  double           max_time = 0;
  gsize            max_len = 0;
  const char      *prefix = "crash-";
  gint64           start, deadline = 0;
  guint64          mutations = 0;
  g_autofree char *name = g_path_get_basename (argv[0]);

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "-runs="))
        runs = g_ascii_strtoull (argv[i] + 6, NULL, 10);
      else if (g_str_has_prefix (argv[i], "-max_total_time="))
        max_time = g_ascii_strtod (argv[i] + 16, NULL);
      else if (g_str_has_prefix (argv[i], "-seed="))
        seed = g_ascii_strtoull (argv[i] + 6, NULL, 10);
      else if (g_str_has_prefix (argv[i], "-max_len="))
        max_len = g_ascii_strtoull (argv[i] + 9, NULL, 10);
      else if (g_str_has_prefix (argv[i], "-artifact_prefix="))
        prefix = argv[i] + 17;
      else if (argv[i][0] == '-')
        g_printerr ("standalone-driver: ignoring %s\n", argv[i]);
      else
        add_path (corpus, argv[i]);
    }
  /* the asan test setup runs a tenth of the mutations: same inputs, in
   * the time CI has (tests/meson.build) */
  if (g_getenv ("GUICHET_FUZZ_RUNS_DIVISOR") != NULL && runs > 0)
    {
      guint64 divisor = g_ascii_strtoull (g_getenv ("GUICHET_FUZZ_RUNS_DIVISOR"), NULL, 10);

      if (divisor > 1)
        runs = MAX (runs / divisor, 1);
    }
  if (corpus->len == 0)
    g_ptr_array_add (corpus, g_bytes_new_static ("", 0));
  if (max_len == 0)
    {
      max_len = 4096;
      for (guint i = 0; i < corpus->len; i++)
        max_len = MAX (max_len, 2 * g_bytes_get_size (g_ptr_array_index (corpus, i)));
    }
  if (seed == 0)
    seed = 1;
  rng_state = seed;

  g_snprintf (artifact_path, sizeof artifact_path, "%s%s-%d", prefix, name, (int) getpid ());
  signal (SIGSEGV, on_crash);
  signal (SIGABRT, on_crash);
  signal (SIGBUS, on_crash);
  signal (SIGFPE, on_crash);
  signal (SIGILL, on_crash);
  signal (SIGTRAP, on_crash); /* a fatal g_critical() */
  if (__sanitizer_set_death_callback != NULL)
    __sanitizer_set_death_callback (save_artifact);

  start = g_get_monotonic_time ();
  if (max_time > 0)
    deadline = start + (gint64) (max_time * G_USEC_PER_SEC);

  for (guint i = 0; i < corpus->len; i++)
    {
      gsize         size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (corpus, i), &size);

      run_one (data, size);
    }

  while ((runs > 0 && mutations < runs) || (runs == 0 && deadline > 0))
    {
      GBytes *seed_bytes = g_ptr_array_index (corpus, rng_below (corpus->len));
      g_autoptr (GByteArray) buf = g_byte_array_new ();
      gsize         size;
      const guint8 *data = g_bytes_get_data (seed_bytes, &size);
      guint         n_mutations = 1 + rng_below (4);

      if (deadline > 0 && (mutations & 15) == 0 && g_get_monotonic_time () >= deadline)
        break;
      g_byte_array_append (buf, data, size);
      for (guint m = 0; m < n_mutations; m++)
        mutate_once (buf, corpus, max_len);
      run_one (buf->data, buf->len);
      mutations++;
    }

  /* the line build-aux/fuzz and the test log read */
  g_print ("standalone-driver: %s: %u corpus inputs, %" G_GUINT64_FORMAT " mutations "
           "(seed %" G_GUINT64_FORMAT "), %.1f s, no crash\n",
           name, corpus->len, mutations, seed,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return 0;
}
