/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "guichet-test-utils.h"

/* The CSV writer (RFC 4180 and formula cells) and the participants'
 * export built on it, read back with a parser written from RFC 4180. */

/* RFC 4180 records: a GPtrArray of GStrv. Fails the test on a malformed
 * file (a quote inside an unquoted field, a bare LF, text after a closing
 * quote, a record not ended by CRLF). */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              g_assert_cmpint (*p, !=, '\0');
              if (p[0] == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (p[0] == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
        }
      else
        while (*p != '\0' && *p != ',' && *p != '\r')
          {
            g_assert_cmpint (*p, !=, '"');
            g_assert_cmpint (*p, !=, '\n');
            g_string_append_c (field, *p++);
          }

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_cmpint (p[0], ==, '\r');
          g_assert_cmpint (p[1], ==, '\n');
          p += 2;
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
        }
    }

  g_assert_cmpuint (fields->len, ==, 0);
  return records;
}

static char *
field (const char *text)
{
  GString *out = g_string_new (NULL);

  guichet_csv_append_field (out, text);
  return g_string_free (out, FALSE);
}

static void
test_field (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "Hélène Dupré ✓", "Hélène Dupré ✓" },
    { "Dupont, Jean", "\"Dupont, Jean\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "two\r\nlines", "\"two\r\nlines\"" },
    { "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"" },
    { "=1+1", "'=1+1" },
    { "+33 6 12 34 56 78", "'+33 6 12 34 56 78" },
    { "-2", "'-2" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\tcmd", "'\tcmd" },
    { "\rcmd", "\"'\rcmd\"" },
    { "a=b", "a=b" },
    { "it's", "it's" },
    { " leading space", " leading space" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = field (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  {
    g_autofree char *null_out = field (NULL);
    g_autofree char *invalid = field ("caf\xe9");

    g_assert_cmpstr (null_out, ==, "");
    g_assert_true (g_utf8_validate (invalid, -1, NULL));
    g_assert_cmpstr (invalid, ==, "caf\xef\xbf\xbd");
  }
}

static void
test_rows (void)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GuichetCsvWriter) writer = guichet_csv_writer_new (stream);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  const char      *header[] = { "name", "note", "empty" };
  const char      *row[] = { "Zoë", "line 1\nline \"2\", end", NULL };
  const char      *formula[] = { "=cmd|' /C calc'!A0", "-", "@" };
  g_autofree char *text = NULL;

  g_assert_true (guichet_csv_writer_add_row (writer, header, 3, NULL, &error));
  g_assert_true (guichet_csv_writer_add_row (writer, row, 3, NULL, &error));
  g_assert_true (guichet_csv_writer_add_row (writer, formula, 3, NULL, &error));
  /* Buffered until a flush */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, 0);
  /* Enough rows to go past the buffer more than once */
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", i);
      const char      *r[] = { n, "x,y", "" };

      g_assert_true (guichet_csv_writer_add_row (writer, r, 3, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (guichet_csv_writer_flush (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));

  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  g_assert_true (g_str_has_prefix (text,
                                   "name,note,empty\r\nZoë,\"line 1\nline \"\"2\"\", end\",\r\n"
                                   "'=cmd|' /C calc'!A0,'-,'@\r\n0,\"x,y\",\r\n"));
  g_assert_true (g_str_has_suffix (text, "\r\n19999,\"x,y\",\r\n"));

  records = parse_csv (text);
  g_assert_cmpuint (records->len, ==, 20003);
  g_assert_cmpstrv (g_ptr_array_index (records, 1),
                    ((const char *[]){ "Zoë", "line 1\nline \"2\", end", "", NULL }));
  g_assert_cmpstrv (g_ptr_array_index (records, 20002),
                    ((const char *[]){ "19999", "x,y", "", NULL }));
}

/* Export */

typedef struct
{
  GuichetStore *store;
  char         *dir;
} Fixture;

static GuichetParticipant *
person (const char              *id,
        const char              *barcode,
        const char              *first,
        const char              *last,
        const char              *email,
        GuichetParticipantStatus status,
        gboolean                 checked_in,
        const char              *answers)
{
  return g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", "ev", "barcode", barcode,
                       "first-name", first, "last-name", last, "email", email, "ticket-type-id",
                       "tt1", "ticket-type-name", "Day pass, Saturday", "status", status,
                       "checked-in", checked_in, "order-id", "ord-1", "answers", answers, NULL);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) other = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;

  fixture->store = guichet_store_new (path, &error);
  g_assert_no_error (error);

  g_ptr_array_add (page, person ("p1", "B001", "Hélène", "Dupré", "helene@example.org",
                                 GUICHET_PARTICIPANT_STATUS_VALID, FALSE,
                                 "[{\"label\":\"Diet\",\"value\":\"vegan, no nuts\"},"
                                 "{\"label\":\"Size\",\"value\":\"M\"}]"));
  g_ptr_array_add (page, person ("p2", "B002", "=HYPERLINK(\"http://evil\")", "Attacker",
                                 "+1@example.org", GUICHET_PARTICIPANT_STATUS_VOIDED, FALSE, NULL));
  g_ptr_array_add (page, person ("p3", "B003", "Jean \"JJ\"", "Martin,\nJr", "@jj",
                                 GUICHET_PARTICIPANT_STATUS_DELETED, TRUE, NULL));
  g_ptr_array_add (page, person ("p4", "B004", "Zoé", "Unpaid", NULL,
                                 GUICHET_PARTICIPANT_STATUS_UNPAID, FALSE, NULL));
  g_assert_true (
    guichet_store_write_participants (fixture->store, "acc", "ev", page, NULL, 1, &error));
  g_assert_no_error (error);
  /* Another event of the account: not exported */
  g_ptr_array_add (other, person ("x1", "X001", "Other", "Event", NULL,
                                  GUICHET_PARTICIPANT_STATUS_VALID, FALSE, NULL));
  g_assert_true (
    guichet_store_write_participants (fixture->store, "acc", "ev2", other, NULL, 1, &error));

  fixture->dir = g_dir_make_tmp ("guichet-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  guichet_test_assert_finalize (fixture->store);
}

static guint
count_files (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static GPtrArray *
read_back (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  return parse_csv (text);
}

static const char *
cell (GPtrArray  *records,
      guint       row,
      const char *column)
{
  char **header = g_ptr_array_index (records, 0);
  char **record = g_ptr_array_index (records, row);

  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], column))
      return record[i];
  g_assert_not_reached ();
}

static guint
row_of (GPtrArray  *records,
        const char *id)
{
  for (guint i = 1; i < records->len; i++)
    if (g_str_equal (cell (records, i, "id"), id))
      return i;
  g_assert_not_reached ();
}

static void
test_export_file (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  struct stat st;
  gint64      written;
  guint       r;

  written = guichet_participant_export_to_file (fixture->store, "acc", "ev", file, NULL, NULL, NULL,
                                                &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, 4);
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  records = read_back (path);
  g_assert_cmpuint (records->len, ==, 5);
  g_assert_cmpstrv (g_ptr_array_index (records, 0), guichet_participant_export_get_columns ());
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (records, i)), ==,
                      g_strv_length ((char **) guichet_participant_export_get_columns ()));

  r = row_of (records, "p1");
  g_assert_cmpstr (cell (records, r, "first_name"), ==, "Hélène");
  g_assert_cmpstr (cell (records, r, "ticket_type"), ==, "Day pass, Saturday");
  g_assert_cmpstr (cell (records, r, "status"), ==, "valid");
  g_assert_cmpstr (cell (records, r, "answers"), ==, "Diet: vegan, no nuts\nSize: M");
  r = row_of (records, "p2");
  g_assert_cmpstr (cell (records, r, "first_name"), ==, "'=HYPERLINK(\"http://evil\")");
  g_assert_cmpstr (cell (records, r, "email"), ==, "'+1@example.org");
  g_assert_cmpstr (cell (records, r, "status"), ==, "voided");
  r = row_of (records, "p3");
  g_assert_cmpstr (cell (records, r, "first_name"), ==, "Jean \"JJ\"");
  g_assert_cmpstr (cell (records, r, "last_name"), ==, "Martin,\nJr");
  g_assert_cmpstr (cell (records, r, "email"), ==, "'@jj");
  g_assert_cmpstr (cell (records, r, "status"), ==, "deleted");
  g_assert_cmpstr (cell (records, r, "checked_in"), ==, "true");
  r = row_of (records, "p4");
  g_assert_cmpstr (cell (records, r, "status"), ==, "unpaid");
  g_assert_cmpstr (cell (records, r, "email"), ==, "");
  g_assert_cmpstr (cell (records, r, "checked_in"), ==, "false");

  /* Again over the existing file: replaced, not appended to */
  written = guichet_participant_export_to_file (fixture->store, "acc", "ev2", file, NULL, NULL,
                                                NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = read_back (path);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (cell (records, 1, "id"), ==, "x1");
}

static void
test_export_admitted_here (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "in.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GuichetCheckIn) entry = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  entry = g_object_new (GUICHET_TYPE_CHECK_IN, "account-id", "acc", "event-id", "ev", "code",
                        "B004", "participant-id", "p4", "time", (gint64) 1700000000, "desk",
                        "Desk 1", "verdict", GUICHET_VERDICT_ADMITTED, NULL);
  g_assert_true (guichet_store_append_check_in (fixture->store, entry, &error));
  g_assert_no_error (error);

  g_assert_cmpint (guichet_participant_export_to_file (fixture->store, "acc", "ev", file, NULL,
                                                       NULL, NULL, &error),
                   ==, 4);
  records = read_back (path);
  g_assert_cmpstr (cell (records, row_of (records, "p4"), "admitted_here"), ==, "true");
  g_assert_cmpstr (cell (records, row_of (records, "p1"), "admitted_here"), ==, "false");
}

static void
test_export_cancelled (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "keep.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_set_contents (path, "before", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (guichet_participant_export_to_file (fixture->store, "acc", "ev", file, NULL,
                                                       NULL, cancellable, &error),
                   ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "before");
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

static void
test_export_unwritable (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "no-such-folder", "out.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (guichet_participant_export_to_file (fixture->store, "acc", "ev", file, NULL,
                                                       NULL, NULL, &error),
                   ==, -1);
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "out.csv"));
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

typedef struct
{
  gboolean done;
  gint64   written;
  GError  *error;
  guint64  last_done;
  guint64  total;
  guint    reports;
  GThread *thread;
} AsyncState;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_true (g_thread_self () == state->thread);
  g_assert_cmpuint (done, >=, state->last_done);
  g_assert_cmpuint (done, <=, total);
  state->last_done = done;
  state->total = total;
  state->reports++;
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *state = user_data;

  state->written = guichet_participant_export_finish (result, &state->error);
  state->done = TRUE;
}

static void
test_export_async (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "async.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GPtrArray) big = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  AsyncState state = { .thread = g_thread_self () };

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf ("big-%u", i);
      g_autofree char *barcode = g_strdup_printf ("BIG%05u", i);

      g_ptr_array_add (big, person (id, barcode, "Many", "People", NULL,
                                    GUICHET_PARTICIPANT_STATUS_VALID, FALSE, NULL));
    }
  g_assert_true (
    guichet_store_write_participants (fixture->store, "acc", "big", big, NULL, 1, &error));
  g_assert_no_error (error);

  guichet_participant_export_async (fixture->store, "acc", "big", file, on_progress, &state, NULL,
                                    on_exported, &state);
  guichet_test_wait_until (&state.done);
  g_assert_no_error (state.error);
  g_assert_cmpint (state.written, ==, 3000);
  /* The final report may still wait in the context: let it run */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (state.reports, >=, 1);
  g_assert_cmpuint (state.total, ==, 3000);
  g_assert_cmpuint (state.last_done, ==, 3000);

  records = read_back (path);
  g_assert_cmpuint (records->len, ==, 3001);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/field", test_field);
  g_test_add_func ("/csv/rows", test_rows);
  g_test_add ("/csv/export/file", Fixture, NULL, fixture_set_up, test_export_file,
              fixture_tear_down);
  g_test_add ("/csv/export/admitted-here", Fixture, NULL, fixture_set_up, test_export_admitted_here,
              fixture_tear_down);
  g_test_add ("/csv/export/cancelled", Fixture, NULL, fixture_set_up, test_export_cancelled,
              fixture_tear_down);
  g_test_add ("/csv/export/unwritable", Fixture, NULL, fixture_set_up, test_export_unwritable,
              fixture_tear_down);
  g_test_add ("/csv/export/async", Fixture, NULL, fixture_set_up, test_export_async,
              fixture_tear_down);

  return g_test_run ();
}
