/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test"

#include "config.h"

#include <unistd.h>
#include <sqlite3.h>

#include "guichet-test-utils.h"

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("test timed out waiting for an asynchronous result");
  return G_SOURCE_REMOVE;
}

static void
run_on_private_context (gconstpointer data)
{
  GTestFunc     func = (GTestFunc) data;
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  func ();
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
}

void
guichet_test_add_private (const char *path,
                          GTestFunc   func)
{
  g_test_add_data_func (path, (gconstpointer) func, run_on_private_context);
}

void
guichet_test_wait_until (gboolean *done)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  GSource *timeout = g_timeout_source_new_seconds (60);

  g_source_set_callback (timeout, on_timeout, NULL, NULL);
  g_source_attach (timeout, context);

  while (!*done)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  g_source_unref (timeout);
}

static void
mark_finalized (gpointer data)
{
  g_atomic_int_set ((int *) data, TRUE);
  g_main_context_wakeup (NULL);
}

void
guichet_test_assert_finalize (gpointer object)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  g_autofree int *finalized = g_new0 (int, 1);
  gint64          deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  const char     *type_name;

  g_assert_true (G_IS_OBJECT (object));
  type_name = G_OBJECT_TYPE_NAME (object);
  /* Its data goes last, after the object's own finalize: a weak pointer
   * is cleared before it, while a worker thread that dropped the last
   * reference may still be finalizing (a store still checkpointing). */
  g_object_set_qdata_full (G_OBJECT (object), g_quark_from_static_string ("guichet-test-finalized"),
                           finalized, mark_finalized);
  g_object_unref (object);

  while (!g_atomic_int_get (finalized) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (context, FALSE))
        g_usleep (1000);
    }

  if (!g_atomic_int_get (finalized))
    g_error ("%s %p was not finalized: something still holds it", type_name, object);
}

GBytes *
guichet_test_load_data (const char *subdir,
                        const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", subdir, name, NULL);
  char            *contents = NULL;
  gsize            length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

GuichetTicketCategory *
guichet_test_category_child_at (GuichetTicketCategory *node,
                                guint                  position)
{
  GListModel            *children = guichet_ticket_category_get_children (node);
  GuichetTicketCategory *child;

  g_assert_cmpuint (g_list_model_get_n_items (children), >, position);
  child = g_list_model_get_item (children, position);
  g_object_unref (child); /* the model keeps it */
  return child;
}

char *
guichet_test_new_db_path (void)
{
  static guint     counter;
  g_autofree char *name = g_strdup_printf ("test-%u-%u.db", (guint) getpid (), ++counter);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "guichet-tests", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

char *
guichet_test_query_text (const char *path,
                         const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char         *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}
